import { createCommCareRouter } from "../lib/router";
import { registerApplications } from "./application";
import { registerBulkUsers } from "./bulk-user";
import { registerCases } from "./case";
import { registerForms } from "./form";
import { registerGroups } from "./group";
import { registerLocationsV1 } from "./location";
import { registerLocationTypes } from "./location-type";
import { registerLocationsV2 } from "./location-v2";
import { commcareHeaders } from "./pipeline/headers";
import { registerReceiver } from "./receiver";
import { registerUsers } from "./user";
import { registerWebUsers } from "./web-user";

const router = createCommCareRouter();
router.use("/a/*", commcareHeaders);
registerApplications(router);
registerForms(router);
registerCases(router);
registerBulkUsers(router);
registerUsers(router);
registerWebUsers(router);
registerGroups(router);
registerLocationsV1(router);
registerLocationsV2(router);
registerLocationTypes(router);
registerReceiver(router);

export const commcareRouter = router;
