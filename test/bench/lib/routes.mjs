// Which routes the Worker serves right now (from /openapi.json), so each benchmark runs once its endpoint exists.

/** The set of "METHOD /path/template" the Worker documents. */
export async function servedRoutes(base) {
  const doc = await fetch(`${base}/openapi.json`).then((r) => r.json());
  const out = new Set();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(ops)) out.add(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

/** The documented "METHOD /template" that `method path` (a concrete path, query string ignored) matches, or null. */
export function operationOf(routes, method, path) {
  const p = path.split("?")[0];
  for (const r of routes) {
    const [m, template] = r.split(" ");
    if (m !== method) continue;
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(p)) return r;
  }
  return null;
}

/** true when `method path` (a concrete path, query string ignored) matches a documented route. */
export const serves = (routes, method, path) => operationOf(routes, method, path) !== null;
