import { env } from "cloudflare:workers";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, login, post } from "../helpers/http";

// cc_fault is the EDC schema this file creates, reached through the fault-injection proxy
// (scripts/lib/fault-proxy.mjs, binding EDC_FAULT): the suite can take the server away and back.
const ROWS = 20_000;
const control = (path: string) => fetch(`${env.FAULT_CONTROL_URL}${path}`, { method: "POST" }).then((r) => r.json());
const extract = (token: string) => post("/edc/study/extract-data", { tableName: "fault_rows", sort: "id" }, { token, edc: "cc_fault" });

let token: string;

beforeAll(async () => {
  const sql = postgres(env.EDC.connectionString, { max: 1, fetch_types: false, onnotice: () => {} });
  await sql.unsafe(`
    create schema if not exists cc_fault;
    create table if not exists cc_fault.fault_rows (id serial primary key, label text not null, date_created timestamptz not null default now());
    insert into cc_fault.fault_rows (label) select 'row-' || g || '-' || repeat('x', 40) from generate_series(1, ${ROWS}) g
      where not exists (select 1 from cc_fault.fault_rows);`);
  await env.DB.prepare("insert or ignore into studies (id, customer_id, brief_title, unique_protocolid, dbname) values (190, 1, 'Fault Study', 'FAULT-1', 'cc_fault')").run();
  token = await login("api@demo.test");
});

afterAll(async () => {
  await control("/up");
});

describe("the EDC PostgreSQL goes away", () => {
  it("answers 503 edc_unavailable quickly while the server is down, and /flask, CommCare and auth keep working", async () => {
    await control("/down");
    const started = Date.now();
    const res = await extract(token);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { error: string }).error).toBe("edc_unavailable");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await get("/auth/self", { token })).status).toBe(200);
    expect((await get("/healthz")).status).toBe(200);
    await control("/up");
  });

  it("truncates a streamed extract when the server dies mid-stream, and the next request works", async () => {
    await control("/cut?after=200000");
    const res = await extract(token);
    expect(res.status).toBe(200);
    const text = await res.text().catch(() => "");
    expect(() => JSON.parse(text)).toThrow();
    await control("/up");
    const again = await extract(token);
    expect(again.status).toBe(200);
    const rows = (await again.json()) as { id: number }[];
    expect(rows).toHaveLength(ROWS);
    expect(rows[ROWS - 1]!.id).toBe(ROWS);
  });
});
