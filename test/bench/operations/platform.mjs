// Catalog entries of the platform routes: health, sessions, signed downloads.
import { login } from "../lib/http.mjs";

export function platformOperations(fx) {
  return {
    "GET /healthz": { request: () => ({ method: "GET", path: "/healthz" }) },
    "GET /readyz": { note: "probes D1, KV, R2 and the EDC", request: () => ({ method: "GET", path: "/readyz" }) },
    "POST /auth/mobile-form-authorization": {
      note: "a new ePRO session per call (subject user)",
      request: () => ({
        method: "POST",
        path: "/auth/mobile-form-authorization",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "subject@demo.test", password: "demo-password" }),
      }),
    },
    "POST /auth/authorize": {
      note: "a new session per call (password hash, D1 + KV writes)",
      request: () => ({
        method: "POST",
        path: "/auth/authorize",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "api@demo.test", password: "demo-password" }),
      }),
    },
    "POST /auth/logout": {
      note: "ends a session logged in (untimed) just before",
      request: async () => ({ method: "POST", path: "/auth/logout", headers: { authorization: await login(fx.base(), "api@demo.test") } }),
    },
    "GET /auth/self": { request: () => ({ method: "GET", path: "/auth/self", headers: { authorization: fx.apiToken } }) },
    "GET /downloads/{id}/{name}": {
      note: "the signed Link of a cc_demo download-csvs-data zip",
      request: async () => ({ method: "GET", path: await fx.downloadLink() }),
    },
  };
}
