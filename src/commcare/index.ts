import { createCommCareRouter } from "../lib/router";

const router = createCommCareRouter();

export const commcareRouter = router;
