import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { badRequestError, familyOf } from "../../src/errors";
import { BOOKMARK_HEADER, d1Session, sessionConstraint } from "../../src/lib/d1-session";
import { ccGet } from "../helpers/commcare";
import { API, count, tokenOf } from "../helpers/flask";
import { get, post, problemOf } from "../helpers/http";

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

describe("D1 Sessions API: one session per request", () => {
  it("reads start at any replica, writes at the primary; a POST that only reads is a read", () => {
    expect(sessionConstraint("GET", "/a/demo/api/v0.5/case/")).toBe("first-unconstrained");
    expect(sessionConstraint("POST", "/flask/device/get-logs")).toBe("first-unconstrained");
    expect(sessionConstraint("POST", "/edc/study/extract-data")).toBe("first-unconstrained");
    expect(sessionConstraint("POST", "/data-server/data/extract/partial-extract-study-event-data-to-json")).toBe("first-unconstrained");
    expect(sessionConstraint("POST", "/flask/device/insert-log")).toBe("first-primary");
    expect(sessionConstraint("POST", "/auth/authorize")).toBe("first-primary");
    expect(sessionConstraint("POST", "/a/demo/receiver/")).toBe("first-primary");
    expect(sessionConstraint("PATCH", "/a/demo/api/v0.6/location/")).toBe("first-primary");
    expect(sessionConstraint("POST", "/flask/some-future-route")).toBe("first-primary");
  });

  it("every answer carries the session's bookmark; sent back, the next read sees the write it followed", async () => {
    const token = await tokenOf(API);
    const before = await count("select count(*) as n from device_logs where device_id = 'BOOKMARK-1'");
    const write = await post(
      "/flask/device/insert-log",
      { deviceId: "BOOKMARK-1", subjectLabel: "DEMO-S01-001", logType: "sync", logDate: "2026-03-01T10:00:00Z", payload: { n: 1 } },
      { token, edc: "cc_demo" },
    );
    expect(write.status).toBe(201);
    const bookmark = write.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(BOOKMARK);

    const read = await post(
      "/flask/device/get-logs",
      { study_id: 101, device_id: "BOOKMARK-1" },
      { token, headers: { [BOOKMARK_HEADER]: bookmark! } },
    );
    expect(read.status).toBe(200);
    const logs = (await read.json()) as { device_id?: string; deviceId?: string }[];
    expect(logs.length).toBe(before + 1);
    const after = read.headers.get(BOOKMARK_HEADER);
    expect(after).toMatch(BOOKMARK);
    expect(after! >= bookmark!).toBe(true); // bookmarks order as strings; a session never goes back in time

    const cc = await ccGet("/a/demo/api/v0.5/location_type/", undefined, { [BOOKMARK_HEADER]: after! });
    expect(cc.status).toBe(200);
    expect(cc.headers.get(BOOKMARK_HEADER)).toMatch(BOOKMARK);
  });

  it("a malformed bookmark is a 400 in the family's format, and the write it came with does not happen", async () => {
    const token = await tokenOf(API);
    const before = await count("select count(*) as n from device_logs where device_id = 'BOOKMARK-2'");
    const res = await post(
      "/flask/device/insert-log",
      { deviceId: "BOOKMARK-2", subjectLabel: "DEMO-S01-001", logType: "sync", logDate: "2026-03-01T10:00:00Z", payload: {} },
      { token, edc: "cc_demo", headers: { [BOOKMARK_HEADER]: "not-a-bookmark" } },
    );
    const problem = await problemOf(res);
    expect(problem.status).toBe(400);
    expect(problem.contentType).toContain("application/problem+json");
    expect(problem.body.error).toBe("invalid_bookmark");
    expect(await count("select count(*) as n from device_logs where device_id = 'BOOKMARK-2'")).toBe(before);

    const cc = await ccGet("/a/demo/api/v0.5/location_type/", undefined, { [BOOKMARK_HEADER]: "x".repeat(5000) });
    expect(cc.status).toBe(400);
    expect(((await cc.json()) as { error: string }).error).toContain(BOOKMARK_HEADER);

    const health = await get("/healthz", { headers: { [BOOKMARK_HEADER]: "0000" } });
    expect(health.status).toBe(400);
  });

  it("a bookmark sent back picks where a read starts; a write starts at the primary all the same", async () => {
    const asked: (string | undefined)[] = [];
    const DB = new Proxy(env.DB, {
      get: (target, prop) =>
        prop === "withSession"
          ? (c?: string) => (asked.push(c), target.withSession(c as D1SessionConstraint))
          : (Reflect.get(target, prop).bind?.(target) ?? Reflect.get(target, prop)),
    });
    const app = new Hono<AppEnv>().use(
      "*",
      d1Session((path, code, detail) => badRequestError(familyOf(path), code, detail)),
    );
    app.get("/flask/r", async (c) => c.json(await c.env.DB.prepare("select 1 as one").first()));
    app.post("/flask/device/insert-log", async (c) => c.json(await c.env.DB.prepare("select 1 as one").first()));
    const first = await app.request("/flask/r", {}, { ...env, DB });
    const bookmark = first.headers.get(BOOKMARK_HEADER)!;
    expect(bookmark).toMatch(BOOKMARK);
    await app.request("/flask/r", { headers: { [BOOKMARK_HEADER]: bookmark } }, { ...env, DB });
    await app.request("/flask/device/insert-log", { method: "POST", headers: { [BOOKMARK_HEADER]: bookmark } }, { ...env, DB });
    await app.request("/flask/device/insert-log", { method: "POST" }, { ...env, DB });
    expect(asked).toEqual(["first-unconstrained", bookmark, "first-primary", "first-primary"]);
  });
});
