// D1 through `wrangler d1 execute DB --json --command`: the same path against the local state (`--local`,
// optionally `--persist-to`) and a deployed database (`--remote`, `--env`). wrangler sends a multi-statement
// command as one batch, which D1 runs as one transaction: a write and its audit rows land together or not at all.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

export interface D1Target {
  remote: boolean;
  env?: string;
  persistTo?: string;
}

export type Row = Record<string, unknown>;

/** A value inlined as an SQLite literal: wrangler's --command takes no bound parameters. */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "string") {
    if (v.includes("\u0000")) throw new Error("a value holds a NUL character");
    return `'${v.replaceAll("'", "''")}'`;
  }
  throw new Error(`cannot inline a ${typeof v}`);
}

/** `INSERT INTO table (cols) VALUES (...)` with every value inlined. Table and column names are this script's own. */
export function insertSql(table: string, row: Record<string, unknown>): string {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map((c) => sqlLiteral(row[c])).join(", ")})`;
}

export class D1Error extends Error {}

const WRANGLER = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");

/** Runs the statements as one command; returns each statement's rows. Throws D1Error with D1's message on failure. */
export function execute(target: D1Target, statements: string[]): Row[][] {
  const args = [WRANGLER, "d1", "execute", "DB", "--json", target.remote ? "--remote" : "--local"];
  if (target.env) args.push("--env", target.env);
  if (!target.remote && target.persistTo) args.push("--persist-to", target.persistTo);
  args.push("--command", statements.join(";\n"));
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new D1Error(`wrangler d1 execute exited with ${r.status}: ${(r.stderr || r.stdout).trim().split("\n").slice(-5).join("\n")}`);
  }
  if (!Array.isArray(parsed)) {
    const text = (parsed as { error?: { text?: string } }).error?.text ?? JSON.stringify(parsed);
    throw new D1Error(text);
  }
  return (parsed as { results: Row[] }[]).map((p) => p.results ?? []);
}
