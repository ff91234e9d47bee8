import { Zip } from "fflate";
import { R2MultipartWriter } from "./r2-multipart";
import { entryPending, zipEntry, type Compression } from "./zip-entry";

/** One file of a zip: its name and its content as a stream of strings or bytes. */
export interface ZipSource {
  name: string;
  chunks: AsyncIterable<string | Uint8Array>;
}

export interface ZipToR2Options {
  contentType?: string;
  contentDisposition?: string;
  compression?: Compression;
}

const INPUT_CHUNK = 64 * 1024;
const encoder = new TextEncoder();

/** Thrown when R2 itself failed (as opposed to the data source): callers answer 503. */
export class StorageError extends Error {}

/**
 * Streams entries into a zip (fflate `Zip`) and the zip into an R2 multipart upload. Memory holds
 * one 64 KiB input chunk, the compressor's window and one 5 MiB part, whatever the row count. Each
 * entry is finished before the next starts (fflate would otherwise queue the later one in memory),
 * and every push waits for the compressor and the upload to take its output.
 * Any failure aborts the upload: no partial object remains.
 */
export async function zipToR2(
  bucket: R2Bucket,
  key: string,
  sources: AsyncIterable<ZipSource> | Iterable<ZipSource>,
  options: ZipToR2Options = {},
) {
  const writer = await R2MultipartWriter.open(bucket, key, {
    httpMetadata: { contentType: options.contentType ?? "application/zip", contentDisposition: options.contentDisposition },
  }).catch((err) => {
    throw new StorageError(`R2 upload could not start: ${String(err)}`);
  });
  const output: Uint8Array[] = [];
  let zipError: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) zipError = err;
    else output.push(chunk);
  });
  const drain = async () => {
    if (zipError) throw zipError;
    while (output.length > 0) {
      try {
        await writer.write(output.shift()!);
      } catch (err) {
        throw new StorageError(`R2 upload failed: ${String(err)}`);
      }
    }
  };

  let entries = 0;
  try {
    for await (const source of sources) {
      const file = zipEntry(source.name, options.compression ?? "native");
      zip.add(file);
      entries += 1;
      let buffer = new Uint8Array(INPUT_CHUNK);
      let filled = 0;
      const push = async (bytes: Uint8Array, final: boolean) => {
        file.push(bytes, final);
        await entryPending(file);
        await drain();
      };
      for await (const piece of source.chunks) {
        const bytes = typeof piece === "string" ? encoder.encode(piece) : piece;
        if (filled + bytes.length > buffer.length && filled > 0) {
          await push(buffer.subarray(0, filled), false);
          buffer = new Uint8Array(Math.max(INPUT_CHUNK, bytes.length));
          filled = 0;
        }
        if (bytes.length > buffer.length) buffer = new Uint8Array(bytes.length);
        buffer.set(bytes, filled);
        filled += bytes.length;
      }
      await push(buffer.slice(0, filled), true);
    }
    zip.end();
    await drain();
    const object = await writer.complete().catch((err) => {
      throw new StorageError(`R2 upload could not complete: ${String(err)}`);
    });
    return { key, size: object.size, entries };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
