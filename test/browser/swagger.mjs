// `npm run test:browser`: Swagger UI in a real Chromium (Debian's, driven by puppeteer-core) against the Worker
// started as `npm start` starts it (fresh wrangler state, demo seed, in-memory PGlite EDC), with every request
// that would leave the origin refused. Checks that:
//   - the page draws one operation block per operation of /openapi.json;
//   - "Try it out" on POST /auth/authorize logs in as api@demo.test, "Authorize" takes the token, and
//     GET /auth/self answers 200 through Swagger UI;
//   - nothing was requested from any other origin.
// Saves a screenshot in a temp dir, prints one PASS or FAIL line, exits non-zero on failure.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import {
  applyD1Migrations,
  edcVars,
  ensureDevVars,
  freePort,
  seedDemo,
  startEdc,
  startWrangler,
  stopChild,
  waitHealthy,
} from "../../scripts/lib/stack.mjs";

const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const t0 = performance.now();
const log = (s) => console.log(`[browser ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}`);

mkdirSync(".data", { recursive: true });
const state = mkdtempSync(join(".data", "browser-"));
const shots = mkdtempSync(join(tmpdir(), "trialedge-browser-"));
let wrangler;
let edc;
let browser;

async function cleanup() {
  await browser?.close().catch(() => undefined);
  await stopChild(wrangler);
  await edc?.stop().catch(() => undefined);
  rmSync(state, { recursive: true, force: true });
}

async function main() {
  if (!CHROMIUM) throw new Error("no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)");
  ensureDevVars();
  log("D1 migrations and demo seed into a fresh state");
  applyD1Migrations({ persistTo: state, stdio: "pipe" });
  seedDemo({ persistTo: state, stdio: "pipe" });
  edc = await startEdc({});
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  wrangler = startWrangler({
    port,
    edcUrl: edc.url,
    persistTo: state,
    vars: edcVars(edc),
    logLevel: "error",
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitHealthy(base, { timeoutMs: 180_000, intervalMs: 200, child: wrangler });
  log(`Worker up at ${base}`);

  const doc = await (await fetch(`${base}/openapi.json`)).json();
  const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).filter((m) => HTTP_METHODS.has(m)).length, 0);

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const refused = [];
  const origin = new URL(base).origin;
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("data:") || url.startsWith("blob:") || new URL(url).origin === origin) return void req.continue();
    refused.push(url);
    void req.abort("blockedbyclient");
  });
  const failedLocal = [];
  page.on("requestfailed", (req) => {
    if (new URL(req.url()).origin === origin) failedLocal.push(`${req.url()} ${req.failure()?.errorText}`);
  });

  await page.goto(`${base}/swagger`, { waitUntil: "networkidle0" });
  await page.waitForSelector(".opblock", { timeout: 30_000 });
  const drawn = await page.$$eval(".opblock", (els) => els.length);
  log(`operations: ${operations} in /openapi.json, ${drawn} drawn`);
  if (drawn !== operations) throw new Error(`Swagger UI drew ${drawn} operation blocks for ${operations} operations`);

  // POST /auth/authorize through "Try it out".
  const authorize = await opblock(page, "post", "/auth/authorize");
  await authorize.$eval(".opblock-summary-control", (el) => el.click());
  await clickIn(authorize, ".try-out__btn");
  const body = await authorize.waitForSelector("textarea.body-param__text");
  await body.evaluate((el) => (el.value = ""));
  await body.type(JSON.stringify({ email: "api@demo.test", password: "demo-password" }));
  const [loginRes] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/auth/authorize` && r.request().method() === "POST"),
    clickIn(authorize, ".execute"),
  ]);
  if (loginRes.status() !== 200) throw new Error(`POST /auth/authorize through Swagger UI answered ${loginRes.status()}`);
  const { token } = await loginRes.json();
  await waitStatus(authorize, "200");
  log("logged in through Try it out on POST /auth/authorize");

  // The Authorize dialog: the token goes into the `Token` scheme.
  await page.click(".auth-wrapper .authorize");
  await page.waitForSelector(".modal-ux .auth-container");
  const containers = await page.$$(".modal-ux .auth-container");
  let filled = false;
  for (const c of containers) {
    const title = await c.$eval("h4", (h) => h.textContent ?? "");
    if (!/^Token\b/.test(title.trim())) continue;
    await (await c.$("input")).type(token);
    await clickIn(c, "button.modal-btn.auth.authorize");
    filled = true;
    break;
  }
  if (!filled) throw new Error("the Authorize dialog has no Token scheme");
  await page.click(".modal-ux .close-modal");

  // GET /auth/self with the token.
  const self = await opblock(page, "get", "/auth/self");
  await self.$eval(".opblock-summary-control", (el) => el.click());
  await clickIn(self, ".try-out__btn");
  const [selfRes] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${base}/auth/self` && r.request().method() === "GET"),
    clickIn(self, ".execute"),
  ]);
  const sent = selfRes.request().headers().authorization ?? "";
  if (selfRes.status() !== 200) throw new Error(`GET /auth/self through Swagger UI answered ${selfRes.status()}`);
  if (!sent.includes(token)) throw new Error("Swagger UI did not send the token it was given");
  const me = await selfRes.json();
  await waitStatus(self, "200");
  await self.evaluate((el) => el.scrollIntoView());
  const shot = join(shots, "swagger-auth-self.png");
  await page.screenshot({ path: shot });
  log(`GET /auth/self answered 200 for ${me.email ?? JSON.stringify(me).slice(0, 80)}; screenshot: ${shot}`);

  if (refused.length) throw new Error(`requests to other origins: ${[...new Set(refused)].join(", ")}`);
  if (failedLocal.length) throw new Error(`same-origin requests failed: ${failedLocal.join("; ")}`);
  return { operations, drawn };
}

/** The operation block of `method path` (Swagger UI marks each with data-path). */
async function opblock(page, method, path) {
  const blocks = await page.$$(`.opblock.opblock-${method}`);
  for (const b of blocks) {
    const p = await b.$eval(".opblock-summary-path", (el) => el.getAttribute("data-path"));
    if (p === path) return b;
  }
  throw new Error(`no ${method.toUpperCase()} ${path} block in Swagger UI`);
}

async function clickIn(scope, selector) {
  const el = await scope.waitForSelector(selector, { timeout: 10_000 });
  await el.click();
}

/** Swagger UI's own rendering of the live response shows `status`. */
async function waitStatus(block, status) {
  await block.waitForSelector(".live-responses-table .response-col_status", { timeout: 10_000 });
  const shown = await block.$eval(".live-responses-table .response .response-col_status", (el) => el.textContent?.trim());
  if (shown !== status) throw new Error(`Swagger UI shows status ${shown}, expected ${status}`);
}

try {
  const { operations, drawn } = await main();
  await cleanup();
  console.log(`PASS browser: Swagger UI drew ${drawn}/${operations} operations offline, logged in and called GET /auth/self (200)`);
  process.exit(0);
} catch (err) {
  const shot = join(shots, "failure.png");
  const page = (await browser?.pages().catch(() => []))?.at(-1);
  if (page)
    await page.screenshot({ path: shot, fullPage: false }).then(
      () => console.log(`[browser] failure screenshot: ${shot}`),
      () => undefined,
    );
  await cleanup();
  console.log(`FAIL browser: ${err.message}`);
  process.exit(1);
}
