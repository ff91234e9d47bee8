import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env";
import { limitBody, MAX_BODY_BYTES } from "../../lib/body-limit";
import { CommCareError } from "../errors";

/**
 * Receiver bodies may be larger than API bodies: an OpenRosa multipart submission carries its
 * attachments (photos, audio, signatures) beside `xml_submission_file`. They are read past, not
 * stored, so 10 MB lets a form with a few photos through while the XML itself is held to
 * MAX_SUBMISSION_XML_BYTES (src/commcare/receiver/limits.ts) so that its row fits D1.
 */
export const MAX_SUBMISSION_BODY_BYTES = 10 * 1024 * 1024;

const tooLarge = (max: number) => () => new CommCareError(413, `The request body is larger than ${max} bytes.`).toResponse();

const apiLimit = limitBody(MAX_BODY_BYTES, tooLarge(MAX_BODY_BYTES));
const receiverLimit = limitBody(MAX_SUBMISSION_BODY_BYTES, tooLarge(MAX_SUBMISSION_BODY_BYTES));
const RECEIVER_PATH = /^\/a\/[^/]+\/receiver(\/|$)/;

/** One body limit for every /a/ route (413 `{"error": ...}`), the receiver's larger. */
export const commcareBodyLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  (RECEIVER_PATH.test(c.req.path) ? receiverLimit : apiLimit)(c, next);
