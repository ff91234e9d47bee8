import { ccEmpty } from "../errors";
import { safeBool } from "../pagination/es-filters";
import { unpaginatedMeta } from "../pagination/meta";
import { ccFormatted } from "../pipeline/respond";
import type { CcRequest } from "../pipeline/resource";
import { buildsOf, findApp, listWorkingApps, sourceAppId, structureOf, workingAppId, workingAppIds } from "./queries";
import { serializeApp } from "./serialize";

/** GET application/: every working copy, not paginated (limit/offset ignored); JSON or XML. */
export async function listApps(r: CcRequest): Promise<Response> {
  const ids = workingAppIds(r.db, r.domain.id);
  const [apps, builds, structure] = await Promise.all([listWorkingApps(r.db, r.domain.id), buildsOf(r.db, ids), structureOf(r.db, ids)]);
  const extras = safeBool(r.query.getAll("extras").at(-1));
  const body = {
    meta: unpaginatedMeta(apps.length),
    objects: apps.map((a) => serializeApp(a, builds, structure, `${r.origin}${r.listPath}`, extras)),
  };
  return ccFormatted(r, body, "response", 200, { idAttribute: true });
}

/** GET application/{id}/: a working copy or a build of this domain, else 404. */
export async function getApp(r: CcRequest): Promise<Response> {
  const id = r.pk ?? "";
  // The app, its builds (if it is a working copy) and its working copy's structure, all at once.
  const [app, builds, structure] = await Promise.all([
    findApp(r.db, r.domain.id, id),
    buildsOf(r.db, workingAppId(r.db, r.domain.id, id)),
    structureOf(r.db, sourceAppId(r.db, r.domain.id, id)),
  ]);
  if (!app) throw ccEmpty(404);
  const body = serializeApp(app, builds, structure, `${r.origin}${r.listPath}`, safeBool(r.query.getAll("extras").at(-1)));
  return ccFormatted(r, body, "object", 200, { idAttribute: true });
}
