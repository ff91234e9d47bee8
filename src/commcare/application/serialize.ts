import type { CcApplication } from "../../db/schema/commcare";
import type { structureOf } from "./queries";

type Structure = Awaited<ReturnType<typeof structureOf>>;

const parse = <T>(json: string | null, fallback: T): T => {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

/** `modules[]` of an app (§3.1): names per language, forms with xmlns and questions. */
export function modulesOf(appId: string, s: Structure) {
  return s.modules
    .filter((m) => m.appId === appId)
    .map((m) => ({
      case_properties: parse<string[]>(m.caseProperties, []),
      case_type: m.caseType,
      forms: s.forms
        .filter((f) => f.moduleId === m.id)
        .map((f) => ({
          name: parse<Record<string, string>>(f.name, {}),
          questions: s.questions
            .filter((q) => q.formId === f.id)
            .map((q) => ({
              label: q.label,
              tag: q.tag,
              value: q.value,
              hashtagValue: q.value.replace(/^\/data\//, "#form/"),
              type: q.type,
              required: q.required === 1,
              repeat: "",
              group: "",
              ...(q.options ? { options: parse<unknown[]>(q.options, []) } : {}),
            })),
          unique_id: f.uniqueId,
          xmlns: f.xmlns,
        })),
      name: parse<Record<string, string>>(m.name, {}),
      unique_id: m.uniqueId,
    }));
}

/** §3.1 object; `extras` merges the raw document underneath (the fields win). */
export function serializeApp(app: CcApplication, builds: CcApplication[], s: Structure, detailBase: string, extras: boolean) {
  const sourceId = app.copyOf ?? app.id;
  const fields = {
    build_comment: app.buildComment,
    built_from_app_id: app.copyOf,
    built_on: app.builtOn,
    id: app.id,
    is_released: app.isReleased === 1,
    modules: app.isRemote ? [] : modulesOf(sourceId, s),
    name: app.name,
    resource_uri: `${detailBase}${app.id}/`,
    version: app.version,
    versions: app.copyOf
      ? []
      : builds
          .filter((b) => b.copyOf === app.id)
          .map((b) => ({
            build_comment: b.buildComment,
            built_on: b.builtOn,
            id: b.id,
            is_released: b.isReleased === 1,
            version: b.version,
          })),
  };
  return extras ? { ...parse<Record<string, unknown>>(app.doc, {}), ...fields } : fields;
}
