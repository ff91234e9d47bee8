import type { MiddlewareHandler } from "hono";

const FORM = /^application\/x-www-form-urlencoded\b/i;

/**
 * `POST /auth/authorize` also takes the body the way shell users send it: `curl -d '{"email":…}'`
 * labels JSON as a form, and an HTML form posts `email=…&password=…`. Both become the JSON request
 * the route validates; any other media type still gets 415.
 */
export const loginBodyAsJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type");
  if (type !== undefined && !FORM.test(type)) return next();
  const text = await c.req.raw.clone().text();
  if (type === undefined && text.length === 0) return next();
  const json = text.trimStart().startsWith("{") ? text : JSON.stringify(Object.fromEntries(new URLSearchParams(text)));
  const headers = new Headers(c.req.raw.headers);
  headers.set("content-type", "application/json");
  c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: json });
  await next();
};
