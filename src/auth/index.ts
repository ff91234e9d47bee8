import { problemBodyLimit } from "../lib/body-limit";
import { createProblemRouter } from "../lib/router";
import * as handlers from "./handlers";
import { requireCaller } from "./middleware";
import * as routes from "./routes";

const router = createProblemRouter();
router.use("/auth/*", problemBodyLimit);
router.use("/auth/logout", requireCaller);
router.use("/auth/self", requireCaller);
router.openapi(routes.authorize, handlers.authorize);
router.openapi(routes.mobileFormAuthorization, handlers.mobileFormAuthorization);
router.openapi(routes.logout, handlers.logout);
router.openapi(routes.self, handlers.self);

export const authRouter = router;
