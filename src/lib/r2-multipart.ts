/**
 * Writes a stream of unknown length to R2 as a multipart upload with fixed-size parts
 * (platform-notes.md §4.1: every part but the last the same size, at least 5 MiB). Memory holds one
 * part. On failure the upload is aborted, so no partial object is ever visible.
 */
export const PART_SIZE = 5 * 1024 * 1024;

export class R2MultipartWriter {
  private buffer: Uint8Array;
  private filled = 0;
  private parts: R2UploadedPart[] = [];
  private bytes = 0;

  private constructor(
    private readonly upload: R2MultipartUpload,
    private readonly partSize: number,
  ) {
    this.buffer = new Uint8Array(partSize);
  }

  static async open(bucket: R2Bucket, key: string, options: R2MultipartOptions, partSize = PART_SIZE) {
    return new R2MultipartWriter(await bucket.createMultipartUpload(key, options), partSize);
  }

  get key() {
    return this.upload.key;
  }
  get size() {
    return this.bytes;
  }

  /** Copies `chunk` into the part buffer, uploading each part as it fills; awaits the upload. */
  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    this.bytes += chunk.length;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, this.partSize - this.filled);
      this.buffer.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.partSize) await this.flushPart();
    }
  }

  private async flushPart(): Promise<void> {
    const part = await this.upload.uploadPart(this.parts.length + 1, this.buffer.slice(0, this.filled));
    this.parts.push(part);
    this.filled = 0;
  }

  async complete(): Promise<R2Object> {
    if (this.filled > 0 || this.parts.length === 0) await this.flushPart();
    return this.upload.complete(this.parts);
  }

  async abort(): Promise<void> {
    await this.upload.abort().catch(() => undefined);
  }
}
