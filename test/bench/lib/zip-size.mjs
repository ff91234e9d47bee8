// The uncompressed size of every entry of a zip, read from its central directory (Zip64 included).

/** [{ name, compressed, uncompressed }] of the zip in `buf` (a Buffer or Uint8Array). */
export function zipEntrySizes(buf) {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip: no end of central directory record");
  let count = b.readUInt16LE(eocd + 10);
  let offset = b.readUInt32LE(eocd + 16);
  if (offset === 0xffffffff || count === 0xffff) {
    const locator = eocd - 20;
    if (locator < 0 || b.readUInt32LE(locator) !== 0x07064b50) throw new Error("zip64 end of central directory locator missing");
    const z64 = Number(b.readBigUInt64LE(locator + 8));
    if (b.readUInt32LE(z64) !== 0x06064b50) throw new Error("zip64 end of central directory record missing");
    count = Number(b.readBigUInt64LE(z64 + 32));
    offset = Number(b.readBigUInt64LE(z64 + 48));
  }
  const out = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (b.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    let compressed = b.readUInt32LE(p + 20);
    let uncompressed = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const name = b.toString("utf8", p + 46, p + 46 + nameLen);
    // Zip64 extended information (0x0001): the 64-bit sizes, in this order, for the fields set to 0xffffffff.
    for (let e = p + 46 + nameLen; e < p + 46 + nameLen + extraLen; ) {
      const id = b.readUInt16LE(e);
      const size = b.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff) (uncompressed = Number(b.readBigUInt64LE(q))), (q += 8);
        if (compressed === 0xffffffff) compressed = Number(b.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    out.push({ name, compressed, uncompressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
