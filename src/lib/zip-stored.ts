/**
 * The framing of a zip whose entries are stored (method 0), written piece by piece so that building
 * it can stop and resume anywhere (an export job's slices): a local header before each entry's
 * bytes, a data descriptor after them (sizes and CRC are known only then), and the central
 * directory at the end. A deflate stream could not be resumed in another step, hence stored entries.
 * Names are UTF-8 (flag bit 11). No zip64: an archive or entry of 4 GiB or more is refused.
 */
const encoder = new TextEncoder();
const LIMIT = 0xffffffff;
/** 1980-01-01, the first valid MS-DOS date: a date of 0 (month 0, day 0) is shown as invalid by unzip and refused by some tools. */
const DOS_DATE = (1 << 5) | 1;

export interface StoredEntry {
  name: string;
  crc: number;
  size: number;
  offset: number;
}

function bytes(length: number, fill: (view: DataView) => void, tail?: Uint8Array): Uint8Array {
  const out = new Uint8Array(length + (tail?.length ?? 0));
  fill(new DataView(out.buffer));
  if (tail) out.set(tail, length);
  return out;
}

export function localHeader(name: string): Uint8Array {
  const n = encoder.encode(name);
  return bytes(
    30,
    (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 0x0808, true);
      v.setUint16(8, 0, true);
      v.setUint16(12, DOS_DATE, true);
      v.setUint16(26, n.length, true);
    },
    n,
  );
}

export function dataDescriptor(entry: StoredEntry): Uint8Array {
  if (entry.size >= LIMIT || entry.offset >= LIMIT) throw new Error("zip entry of 4 GiB or more (zip64 is not written)");
  return bytes(16, (v) => {
    v.setUint32(0, 0x08074b50, true);
    v.setUint32(4, entry.crc, true);
    v.setUint32(8, entry.size, true);
    v.setUint32(12, entry.size, true);
  });
}

export function centralDirectory(entries: readonly StoredEntry[], offset: number): Uint8Array {
  if (offset >= LIMIT || entries.length > 0xffff) throw new Error("zip archive of 4 GiB or 65535 entries or more (zip64 is not written)");
  const records = entries.map((e) => {
    const n = encoder.encode(e.name);
    return bytes(
      46,
      (v) => {
        v.setUint32(0, 0x02014b50, true);
        v.setUint16(4, 20, true);
        v.setUint16(6, 20, true);
        v.setUint16(8, 0x0808, true);
        v.setUint16(14, DOS_DATE, true);
        v.setUint32(16, e.crc, true);
        v.setUint32(20, e.size, true);
        v.setUint32(24, e.size, true);
        v.setUint16(28, n.length, true);
        v.setUint32(42, e.offset, true);
      },
      n,
    );
  });
  const size = records.reduce((s, r) => s + r.length, 0);
  const end = bytes(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, entries.length, true);
    v.setUint16(10, entries.length, true);
    v.setUint32(12, size, true);
    v.setUint32(16, offset, true);
  });
  const out = new Uint8Array(size + end.length);
  let at = 0;
  for (const r of [...records, end]) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
