import { requireCaller } from "../auth/middleware";
import { problemBodyLimit } from "../lib/body-limit";
import { createProblemRouter, routeGuard } from "../lib/router";
import { requireEdc } from "./context";
import * as extract from "./extract/handlers";
import * as extractRoutes from "./extract/routes";
import * as crfLevel from "./crf-level/handlers";
import * as crfLevelRoutes from "./crf-level/routes";
import * as csvZip from "./csv-zip/handlers";
import * as csvZipRoutes from "./csv-zip/routes";
import * as exportJobs from "./exports/handlers";
import * as exportRoutes from "./exports/routes";
import * as subjects from "./subjects/handlers";
import * as subjectRoutes from "./subjects/routes";

const router = createProblemRouter();
router.use("/edc/*", problemBodyLimit);

const guarded = routeGuard(router, requireCaller, requireEdc);

router.openapi(guarded(extractRoutes.extractData), extract.extractData);
router.openapi(guarded(crfLevelRoutes.extractCrfLevel), crfLevel.extractCrfLevel);
router.openapi(guarded(crfLevelRoutes.extractCrfLevelToCsvs), crfLevel.extractCrfLevelToCsvs);
router.openapi(guarded(csvZipRoutes.downloadCsvsData), csvZip.downloadCsvsData);
router.openapi(guarded(subjectRoutes.createSubject), subjects.createSubject);
// Export jobs carry their middleware in the route: GET and DELETE need no EDC header.
router.openapi(exportRoutes.createExport, exportJobs.createExport);
router.openapi(exportRoutes.listExports, exportJobs.listExports);
router.openapi(exportRoutes.getExport, exportJobs.getExport);
router.openapi(exportRoutes.cancelExport, exportJobs.cancelExport);
router.openapi(exportRoutes.sendEmailWithStudyData, exportJobs.sendEmailWithStudyData);

export const edcRouter = router;
