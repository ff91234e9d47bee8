import { z } from "@hono/zod-openapi";
import { OPENROSA_SUCCESS } from "./openrosa";

/**
 * OpenAPI description of the receiver (src/commcare/receiver/handlers.ts): the submission bodies it
 * reads and the OpenRosaResponse documents it answers. Documentation only: the handler reads the
 * body itself, so a bad submission gets the parser's reason, not a schema error.
 */

const instance = z.string().openapi({ description: "The XForm instance XML; its CaseXML v2 `<case>` blocks are applied." });

export const SubmissionMultipartSchema = z
  .object({
    xml_submission_file: z.string().openapi({ format: "binary", description: "The XForm instance XML (any other parts, such as attachments, are ignored)." }),
  })
  .catchall(z.unknown())
  .openapi("SubmissionMultipart");

export const SUBMISSION_BODY = {
  required: true,
  description: "An OpenRosa submission: multipart/form-data with the `xml_submission_file` part, or the XML as the raw body (any other Content-Type is read as raw XML too).",
  content: {
    "multipart/form-data": { schema: SubmissionMultipartSchema },
    "text/xml": { schema: instance },
    "application/xml": { schema: instance },
  },
};

const OPENROSA = "http://openrosa.org/http/response";

export const OPENROSA_SUCCESS_XML = {
  schema: z.string().openapi({
    description: "`OpenRosaResponse` with `<message nature=\"submit_success\">`; also for a re-submitted instanceID (nothing is stored twice). Header `X-OpenRosa-Version: 1.0`.",
    example: `<OpenRosaResponse xmlns="${OPENROSA}"><message nature="submit_success">${OPENROSA_SUCCESS}</message></OpenRosaResponse>`,
  }),
};

export const OPENROSA_FAILURE_XML = {
  schema: z.string().openapi({
    description: "`OpenRosaResponse` with `<message nature=\"processing_failure\">` and the reason: a multipart body the parser rejects (`Malformed multipart/form-data body: …`), no XML found, XML over 600,000 bytes, `Invalid XML: …` from the parser (also a DOCTYPE/ENTITY declaration, elements nested more than 100 deep or more than 50,000 elements), a bad case block (e.g. an unparseable date, a case of another domain), or a form or case that would exceed its stored size. Nothing is stored.",
    example: `<OpenRosaResponse xmlns="${OPENROSA}"><message nature="processing_failure">Invalid XML: …</message></OpenRosaResponse>`,
  }),
};
