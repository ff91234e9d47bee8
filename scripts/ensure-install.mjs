// Installs dependencies when they are missing or older than package-lock.json, so a fresh clone
// needs nothing but the README's commands. Uses only Node built-ins (it runs before any install).
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const lock = readFileSync("package-lock.json");
const digest = createHash("sha256").update(lock).digest("hex");
const stamp = "node_modules/.trialedge-lock-sha256";
const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";

if (installed !== digest || !existsSync("node_modules/.bin/wrangler")) {
  console.error("[setup] installing dependencies (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
  writeFileSync(stamp, digest);
}

// Swagger UI's files, served by the Workers static assets binding (`[assets]` in wrangler.toml) at /swagger-ui/,
// so /swagger needs no CDN. Copied from the installed swagger-ui-dist; public/ is generated, never committed.
const ASSET_DIR = "public/swagger-ui";
const SWAGGER_FILES = ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-16x16.png", "favicon-32x32.png", "LICENSE"];
const distVersion = JSON.parse(readFileSync("node_modules/swagger-ui-dist/package.json", "utf8")).version;
const versionFile = "node_modules/.trialedge-swagger-ui-version";
if (!existsSync(versionFile) || readFileSync(versionFile, "utf8") !== distVersion || !existsSync(`${ASSET_DIR}/swagger-ui-bundle.js`)) {
  mkdirSync(ASSET_DIR, { recursive: true });
  for (const f of SWAGGER_FILES) copyFileSync(`node_modules/swagger-ui-dist/${f}`, `${ASSET_DIR}/${f}`);
  writeFileSync(versionFile, distVersion);
}
