import { createProblemRouter } from "../lib/router";

const router = createProblemRouter();

export const flaskRouter = router;
