// Installs dependencies when they are missing or older than package-lock.json, so a fresh clone
// needs nothing but the README's commands. Uses only Node built-ins (it runs before any install).
import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const lock = readFileSync("package-lock.json");
const digest = createHash("sha256").update(lock).digest("hex");
const stamp = "node_modules/.trialedge-lock-sha256";
const installed = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";

if (installed !== digest || !existsSync("node_modules/.bin/wrangler")) {
  console.error("[setup] installing dependencies (npm ci)…");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
  writeFileSync(stamp, digest);
}
