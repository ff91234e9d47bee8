import { csvRow } from "../../lib/csv";
import { crc32 } from "../../lib/crc32";
import { PART_SIZE } from "../../lib/r2-multipart";
import { centralDirectory, dataDescriptor, localHeader, type StoredEntry } from "../../lib/zip-stored";
import { flattenCrfRow } from "../crf-level/columns";
import { flattenItems } from "../flatten";
import type { Row, Tx } from "../stream";
import type { ExportPlan, SourcePlan } from "./plan";

/** Rows per keyset page of a slice. */
export const PAGE_ROWS = 500;
const encoder = new TextEncoder();

/**
 * Where an export stands between two slices. It is the output of one Workflow step and the input
 * of the next, so a retried step starts again from exactly here: same keys, same bytes, same part.
 */
export interface SliceState {
  /** Index of the source being written, and whether its opening (CSV header, zip header…) is out. */
  source: number;
  opened: boolean;
  /** Last key of the current source already written (text), null before its first row. */
  after: string | null;
  sourceRows: number;
  /** The current zip entry: its CRC, size and offset; the entries finished so far. */
  crc: number;
  entrySize: number;
  entryOffset: number;
  entries: StoredEntry[];
  /** Bytes produced, uploaded or not. */
  produced: number;
  /** Bytes produced beyond the last uploaded part (base64): every part but the last is exactly PART_SIZE. */
  carry: string;
  parts: R2UploadedPart[];
  /** Bytes in the uploaded parts. */
  uploaded: number;
  rows: number;
  /** Every source and the trailer have been produced. */
  written: boolean;
}

export const initialState = (): SliceState => ({
  source: 0,
  opened: false,
  after: null,
  sourceRows: 0,
  crc: 0,
  entrySize: 0,
  entryOffset: 0,
  entries: [],
  produced: 0,
  carry: "",
  parts: [],
  uploaded: 0,
  rows: 0,
  written: false,
});

/** True once the whole file is uploaded. */
export const isFinished = (s: SliceState) => s.written && s.carry === "" && s.parts.length > 0;

/** A source's next page after `after` (at or below its `upper`); `more` is false on its last page. */
export type PageReader = (src: SourcePlan, after: string | null) => Promise<{ rows: Row[]; more: boolean }>;

/** Pages of the EDC statement, read inside the job's READ ONLY transaction. */
export const edcPages =
  (tx: Tx): PageReader =>
  async (src, after) => {
    const page = pageQuery(src, after);
    const rows = (await tx.unsafe(page.text, page.params as never[])) as unknown as Row[];
    return { rows, more: rows.length === PAGE_ROWS };
  };

/** One keyset page of a source, at or below the snapshot bound. */
export function pageQuery(src: SourcePlan, after: string | null, limit = PAGE_ROWS): { text: string; params: unknown[] } {
  const params = [...src.params, src.upper];
  const cast = (n: number) => `$${n}::text::${src.keyType}`;
  let where = `q.${src.key} <= ${cast(params.length)}`;
  if (after !== null) {
    params.push(after);
    where += ` AND q.${src.key} > ${cast(params.length)}`;
  }
  return { text: `SELECT * FROM (${src.text}) AS q WHERE ${where} ORDER BY q.${src.key} LIMIT ${limit}`, params };
}

function serializeRow(plan: ExportPlan, src: SourcePlan, row: Row, first: boolean): string {
  const out =
    src.shape.kind === "items" ? flattenItems(row) : src.shape.kind === "crf" ? flattenCrfRow(row, src.shape.fixed, src.shape.items) : row;
  if (src.header) return csvRow(src.header.map((k) => out[k]));
  const json = JSON.stringify(out);
  return plan.format === "ndjson" ? json + "\n" : (first ? "" : ",") + json;
}

/** A growing byte buffer: the part being filled plus what came before it in this step. */
class Bytes {
  private buf: Uint8Array;
  length = 0;
  constructor(initial: Uint8Array) {
    this.buf = new Uint8Array(Math.max(PART_SIZE + 64 * 1024, initial.length * 2));
    this.push(initial);
  }
  push(bytes: Uint8Array) {
    if (this.length + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes.length));
      bigger.set(this.buf.subarray(0, this.length));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  view(from: number, to: number) {
    return this.buf.subarray(from, to);
  }
}

const toBase64 = (bytes: Uint8Array) => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

/**
 * Produces the next part of the file: reads keyset pages inside `tx` until PART_SIZE bytes are
 * ready (or everything is written), uploads exactly one part, and returns the new state. Memory
 * holds one part and one page. Nothing here depends on anything but `state` and the snapshot, so
 * running it twice with the same state uploads the same bytes under the same part number.
 */
export async function produceSlice(read: PageReader, plan: ExportPlan, upload: R2MultipartUpload, prev: SliceState): Promise<SliceState> {
  const s: SliceState = { ...prev, entries: [...prev.entries], parts: [...prev.parts] };
  const out = new Bytes(fromBase64(s.carry));
  const isZip = plan.format === "zip";
  const emit = (piece: string | Uint8Array, body = false) => {
    const bytes = typeof piece === "string" ? encoder.encode(piece) : piece;
    out.push(bytes);
    s.produced += bytes.length;
    if (isZip && body) {
      s.crc = crc32(bytes, s.crc);
      s.entrySize += bytes.length;
    }
  };
  const open = (src: SourcePlan) => {
    if (isZip) {
      s.entryOffset = s.produced;
      s.crc = 0;
      s.entrySize = 0;
      emit(localHeader(src.name!));
    } else if (plan.format === "crf-json") emit(`${s.source === 0 ? "{" : ","}${JSON.stringify(src.name)}:[`);
    else if (plan.format === "json") emit("[");
    if (src.header) emit(csvRow(src.header), true);
  };
  const close = (src: SourcePlan) => {
    if (isZip) {
      const entry = { name: src.name!, crc: s.crc, size: s.entrySize, offset: s.entryOffset };
      emit(dataDescriptor(entry));
      s.entries.push(entry);
    } else if (plan.format === "crf-json" || plan.format === "json") emit("]");
    Object.assign(s, { source: s.source + 1, opened: false, after: null, sourceRows: 0 });
  };

  while (!s.written && out.length < PART_SIZE) {
    const src = plan.sources[s.source];
    if (!src) {
      if (isZip) emit(centralDirectory(s.entries, s.produced));
      else if (plan.format === "crf-json") emit(plan.sources.length ? "}" : "{}");
      s.written = true;
      break;
    }
    if (!s.opened) {
      open(src);
      s.opened = true;
    }
    if (src.upper === null) {
      close(src);
      continue;
    }
    const { rows, more } = await read(src, s.after);
    const raw = src.shape.kind === "raw";
    let taken = 0;
    for (const row of rows) {
      emit(raw ? (row.bytes as Uint8Array) : serializeRow(plan, src, row, s.sourceRows === 0), true);
      s.after = String(row[src.keyField]);
      // A stored file counts as one row, when its last chunk is out.
      if (!raw) {
        s.sourceRows += 1;
        s.rows += 1;
      }
      taken += 1;
      if (out.length >= PART_SIZE) break;
    }
    if (taken === rows.length && !more) {
      if (raw) s.rows += 1;
      close(src);
    }
  }

  const size = out.length >= PART_SIZE ? PART_SIZE : out.length;
  if (size > 0 || s.parts.length === 0) {
    const part = await upload.uploadPart(s.parts.length + 1, out.view(0, size).slice());
    s.parts.push({ partNumber: part.partNumber, etag: part.etag });
    s.uploaded += size;
  }
  s.carry = toBase64(out.view(size, out.length));
  return s;
}
