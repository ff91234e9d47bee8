// HTTP helpers for the benchmarks and the load test (Node's fetch, loopback only).

/** POST /auth/authorize → raw token. */
export async function login(base, email, password = "demo-password") {
  const res = await fetch(`${base}/auth/authorize`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

/**
 * One request whose body is read to the end as a stream: status, bytes, ms to the first byte and to the
 * end, and (when `countLines`) the number of "\n" in the body. `onChunk` sees every chunk.
 */
export async function timedRequest(url, init = {}, { onChunk } = {}) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const ttfb = performance.now() - t0;
  let bytes = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      onChunk?.(value);
    }
  }
  return { status: res.status, headers: res.headers, bytes, ttfbMs: ttfb, ms: performance.now() - t0 };
}

/** Counts top-level objects of a streamed JSON array of flat row objects ("{" at depth 1, outside strings). */
export function jsonArrayRowCounter() {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let rows = 0;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) {
          if (c === 0x7b && depth === 1) rows++;
          depth++;
        } else if (c === 0x7d || c === 0x5d) depth--;
      }
    },
    get rows() {
      return rows;
    },
  };
}
