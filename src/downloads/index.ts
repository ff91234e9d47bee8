import { createProblemRouter } from "../lib/router";
import * as handlers from "./handlers";
import * as routes from "./routes";

export const downloadsRouter = createProblemRouter().openapi(routes.download, handlers.download);
