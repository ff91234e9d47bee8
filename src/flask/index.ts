import { requireCaller } from "../auth/middleware";
import { problemBodyLimit } from "../lib/body-limit";
import { createProblemRouter, routeGuard } from "../lib/router";
import * as customer from "./customer/handlers";
import * as customerRoutes from "./customer/routes";
import * as device from "./device/handlers";
import * as deviceRoutes from "./device/routes";
import * as audit from "./audit/handlers";
import * as auditRoutes from "./audit/routes";
import * as crf from "./crf/handlers";
import * as crfRoutes from "./crf/routes";
import * as dataServer from "./data-server/handlers";
import * as dataServerRoutes from "./data-server/routes";
import * as flaskExports from "./exports/handlers";
import * as flaskExportRoutes from "./exports/routes";
import * as site from "./site/handlers";
import * as siteRoutes from "./site/routes";
import * as study from "./study/handlers";
import * as studyRoutes from "./study/routes";
import * as subject from "./subject/handlers";
import * as subjectRoutes from "./subject/routes";

const router = createProblemRouter();

router.use("/flask/*", problemBodyLimit);
router.use("/data-server/*", problemBodyLimit);

const guarded = routeGuard(router, requireCaller);

router.openapi(guarded(customerRoutes.extractDataToJson), customer.extractDataToJson);
router.openapi(guarded(customerRoutes.downloadBillingReports), customer.downloadBillingReports);
router.openapi(guarded(deviceRoutes.getLogs), device.getLogs);
router.openapi(guarded(deviceRoutes.insertLog), device.insertLog);
router.openapi(guarded(studyRoutes.createUpdateStudy), study.createUpdateStudy);
router.openapi(guarded(siteRoutes.createUpdateSite), site.createUpdateSite);
router.openapi(guarded(studyRoutes.createUpdateStudyUsers), study.createUpdateStudyUsers);
router.openapi(guarded(studyRoutes.subjectStudies), study.subjectStudies);
router.openapi(guarded(subjectRoutes.createSubject), subject.createSubject);
router.openapi(guarded(crfRoutes.createCrf), crf.createCrf);
router.openapi(guarded(crfRoutes.createEventCrf), crf.createEventCrf);
router.openapi(guarded(crfRoutes.getCrfIds), crf.getCrfIds);
router.openapi(guarded(crfRoutes.updateCrf), crf.updateCrf);
router.openapi(guarded(subjectRoutes.extractStudyEventCsv), subject.extractStudyEventCsv);
router.openapi(guarded(subjectRoutes.dataServerExtractCsv), subject.dataServerExtractCsv);
router.openapi(guarded(dataServerRoutes.partialExtract), dataServer.partialExtract);
router.openapi(guarded(dataServerRoutes.groupedExtract), dataServer.groupedExtract);
router.openapi(guarded(dataServerRoutes.createEventCrfs), dataServer.createEventCrfs);
router.openapi(guarded(dataServerRoutes.createEventCrfsApiflowsPath), dataServer.createEventCrfs);
router.openapi(guarded(auditRoutes.verifyChain), audit.verifyChain);
router.openapi(guarded(flaskExportRoutes.createFlaskExport), flaskExports.createFlaskExport);

export const flaskRouter = router;
