import { ccEmpty } from "../errors";
import { safeBool } from "../pagination/es-filters";
import { unpaginatedMeta } from "../pagination/meta";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { buildsOf, findApp, listWorkingApps, structureOf } from "./queries";
import { serializeApp } from "./serialize";

/** GET application/: every working copy, not paginated (limit/offset ignored); JSON or XML. */
export async function listApps(r: CcRequest): Promise<Response> {
  const apps = await listWorkingApps(r.db, r.domain.id);
  const ids = apps.map((a) => a.id);
  const [builds, structure] = await Promise.all([buildsOf(r.db, ids), structureOf(r.db, ids)]);
  const extras = safeBool(r.query.getAll("extras").at(-1));
  const body = { meta: unpaginatedMeta(apps.length), objects: apps.map((a) => serializeApp(a, builds, structure, `${r.origin}${r.listPath}`, extras)) };
  return ccFormatted(r, body, "response", 200, { idAttribute: true });
}

/** GET application/{id}/: a working copy or a build of this domain, else 404. */
export async function getApp(r: CcRequest): Promise<Response> {
  const app = await findApp(r.db, r.domain.id, r.pk ?? "");
  if (!app) throw ccEmpty(404);
  const source = app.copyOf ?? app.id;
  const [builds, structure] = await Promise.all([app.copyOf ? Promise.resolve([]) : buildsOf(r.db, [app.id]), structureOf(r.db, [source])]);
  const body = serializeApp(app, builds, structure, `${r.origin}${r.listPath}`, safeBool(r.query.getAll("extras").at(-1)));
  return ccFormatted(r, body, "object", 200, { idAttribute: true });
}
