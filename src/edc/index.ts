import { requireCaller } from "../auth/middleware";
import { createProblemRouter } from "../lib/router";
import { requireEdc } from "./context";
import * as extract from "./extract/handlers";
import * as extractRoutes from "./extract/routes";

const router = createProblemRouter();

// Middleware per route path, not "/edc/*": an unknown /edc path must still answer 404.
const guarded = <R extends { path: string }>(route: R) => {
  router.use(route.path, requireCaller, requireEdc);
  return route;
};

router.openapi(guarded(extractRoutes.extractData), extract.extractData);

export const edcRouter = router;
