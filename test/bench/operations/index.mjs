// The operation catalog: one happy-path request per documented operation ("METHOD /template" as
// /openapi.json spells it). An operation missing here is reported as not measured (areas/routes.mjs).
//
// An entry: { request: async () => ({ method, path, headers?, body? }), expect?: status (default 200), note? }.
// `request()` may do untimed preparation (a login, an event to add a CRF to); only the fetch after it is timed.
import { commcareOperations } from "./commcare.mjs";
import { edcOperations } from "./edc.mjs";
import { flaskOperations } from "./flask.mjs";
import { platformOperations } from "./platform.mjs";

export { setupFixtures } from "./fixtures.mjs";

/** Map "METHOD /template" → entry. */
export function operationCatalog(fx) {
  return new Map(Object.entries({ ...platformOperations(fx), ...edcOperations(fx), ...flaskOperations(fx), ...commcareOperations(fx) }));
}
