import { createCommCareRouter } from "../lib/router";
import { registerApplications } from "./application";
import { registerBulkUsers } from "./bulk-user";
import { registerCases } from "./case";
import { registerForms } from "./form";
import { registerLocationsV1 } from "./location";
import { registerLocationTypes } from "./location-type";
import { registerLocationsV2 } from "./location-v2";
import { commcareBodyLimit } from "./pipeline/body-limit";
import { commcareHeaders } from "./pipeline/headers";
import { registerReceiver } from "./receiver";

const router = createCommCareRouter();
router.use("/a/*", commcareHeaders);
router.use("/a/*", commcareBodyLimit);
registerApplications(router);
registerForms(router);
registerCases(router);
registerBulkUsers(router);
registerLocationsV1(router);
registerLocationsV2(router);
registerLocationTypes(router);
registerReceiver(router);

export const commcareRouter = router;
