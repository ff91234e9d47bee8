// Writes the OpenAPI document the Worker serves at /openapi.json, built in-process from the same
// route declarations (no server, no network): `node --import tsx scripts/openapi/write-document.mjs <file>`.
import { writeFileSync } from "node:fs";
import { register } from "node:module";

register("./cloudflare-shim.mjs", import.meta.url);
const { createApp } = await import("../../src/app.ts");
const { OPENAPI_DOCUMENT } = await import("../../src/lib/openapi.ts");

const out = process.argv[2];
if (!out) {
  console.error("usage: write-document.mjs <output.json>");
  process.exit(2);
}
const doc = createApp().getOpenAPI31Document(OPENAPI_DOCUMENT);
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
