// Zip throughput of CSV text inside workerd, one entry per mode (store / fflate deflate level 6 / native
// CompressionStream), through src/lib/zip-entry.ts exactly as the zip routes use it. Run by test/bench/run.mjs
// (vitest.bench.config.mts); prints one `BENCH_JSON {...}` line.
//
// workerd only advances its clock at I/O, so each timing ends with a tiny KV read (an I/O event); the read
// costs well under a millisecond locally against runs of hundreds of milliseconds.
import { env } from "cloudflare:workers";
import { Zip } from "fflate";
import { expect, it } from "vitest";
import { csvRow } from "../../src/lib/csv";
import { entryPending, zipEntry, type Compression } from "../../src/lib/zip-entry";

const MIB = 1024 * 1024;
const INPUT_MIB = Number((env as unknown as Record<string, string>).BENCH_ZIP_MIB ?? 32);
const RUNS = 3;
const CHUNK = 64 * 1024;

/** CSV rows like an EDC export (subject, site, event, crf, item, value, dates), cut into 64 KiB chunks. */
function csvChunks(totalBytes: number): Uint8Array[] {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let buf = "";
  let size = 0;
  for (let i = 0; size < totalBytes; i++) {
    buf += csvRow([
      `SITE${i % 10}-${String(i % 2777).padStart(4, "0")}`,
      `DEMO-S0${i % 4}`,
      i % 3 ? "Visit 1" : "Screening",
      "Vital Signs",
      ["SYSBP", "DIABP", "PULSE", "TEMP", "WEIGHT"][i % 5],
      (60 + ((i * 37) % 80)).toString(),
      `2017-0${1 + (i % 9)}-1${i % 10}T09:1${i % 10}:00.000Z`,
      i % 89 ? "" : 'text, with "quotes"',
    ]);
    if (buf.length >= CHUNK) {
      const bytes = enc.encode(buf);
      chunks.push(bytes);
      size += bytes.length;
      buf = "";
    }
  }
  return chunks;
}

async function ioTick() {
  await env.SESSIONS.get("bench:clock");
}

async function zipOnce(chunks: Uint8Array[], mode: Compression) {
  let out = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const zip = new Zip((err, data, final) => {
    if (err) throw err;
    out += data.length;
    if (final) done();
  });
  await ioTick();
  const t0 = performance.now();
  const file = zipEntry("data.csv", mode);
  zip.add(file);
  for (let i = 0; i < chunks.length; i++) {
    file.push(chunks[i]!, i === chunks.length - 1);
    await entryPending(file);
  }
  zip.end();
  await finished;
  await ioTick();
  return { ms: performance.now() - t0, outBytes: out };
}

it("measures zip throughput per compression mode", async () => {
  const chunks = csvChunks(INPUT_MIB * MIB);
  const inBytes = chunks.reduce((n, c) => n + c.length, 0);
  const results: Record<string, { runsMs: number[]; outBytes: number }> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ["store", "fflate", "native"] as const) {
      const r = await zipOnce(chunks, mode);
      (results[mode] ??= { runsMs: [], outBytes: r.outBytes }).runsMs.push(r.ms);
    }
  }
  console.log(`BENCH_JSON ${JSON.stringify({ inBytes, runs: RUNS, results })}`);
  for (const r of Object.values(results)) expect(r.runsMs.every((ms) => ms > 0)).toBe(true);
  expect(results.store!.outBytes).toBeGreaterThan(inBytes);
  expect(results.fflate!.outBytes).toBeLessThan(inBytes / 2);
});
