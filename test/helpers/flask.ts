import { env } from "cloudflare:workers";
import { login, post, type CallOptions } from "./http";

/** Tokens of the demo users, logged in once per test file. */
const cache = new Map<string, Promise<string>>();
export const tokenOf = (email: string) => {
  if (!cache.has(email)) cache.set(email, login(email));
  return cache.get(email)!;
};

export const ADMIN = "admin@demo.test";
export const API = "api@demo.test";
export const STUDY = "study@demo.test";
export const SITE = "site@demo.test";
export const SUBJECT = "subject@demo.test";
export const OTHER_API = "api@other.test";

/** POST as a demo user; returns status and parsed JSON (or text). */
export async function flaskPost(email: string, path: string, body: unknown, opts: CallOptions = {}) {
  const res = await post(path, body, { ...opts, token: await tokenOf(email) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
}

export async function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}
