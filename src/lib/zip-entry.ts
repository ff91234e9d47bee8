import { ZipDeflate, ZipPassThrough } from "fflate";

/**
 * A zip entry whose deflate runs in the runtime's native `CompressionStream("deflate-raw")`
 * (platform-notes.md §5: about twice fflate's level-6 speed in workerd). fflate computes the CRC and
 * size from the raw input in `push`; this class only produces the compressed bytes.
 */
export class NativeDeflateEntry extends ZipPassThrough {
  /** Settles once the last chunk pushed has been taken by the compressor (back-pressure). */
  pending: Promise<void> = Promise.resolve();
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly finished: Promise<void>;

  constructor(filename: string) {
    super(filename);
    this.compression = 8;
    const stream = new CompressionStream("deflate-raw");
    this.writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    this.finished = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.ondata(null, value as Uint8Array<ArrayBuffer>, false);
      }
      this.ondata(null, new Uint8Array(0), true);
    })();
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const written = this.writer.write(chunk);
    this.pending = final ? written.then(() => this.writer.close()).then(() => this.finished) : written;
  }
}

export type Compression = "native" | "fflate" | "store";

/** The pending work of an entry after a push: only native entries compress asynchronously. */
export const entryPending = (file: ZipPassThrough | ZipDeflate) => (file instanceof NativeDeflateEntry ? file.pending : Promise.resolve());

export function zipEntry(name: string, compression: Compression): ZipPassThrough | ZipDeflate {
  if (compression === "native") return new NativeDeflateEntry(name);
  if (compression === "fflate") return new ZipDeflate(name, { level: 6 });
  return new ZipPassThrough(name);
}
