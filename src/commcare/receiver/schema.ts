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
    xml_submission_file: z
      .string()
      .openapi({ format: "binary", description: "The XForm instance XML (any other parts, such as attachments, are ignored)." }),
  })
  .catchall(z.unknown())
  .openapi("SubmissionMultipart");

const EXAMPLE_SUBMISSION = [
  '<?xml version="1.0"?>',
  '<data xmlns="http://openrosa.org/formdesigner/household" uiVersion="1" version="7"><household_size>4</household_size>',
  '<case xmlns="http://commcarehq.org/case/transaction/v2" case_id="5b3c2a10-0000-4000-8000-000000000001"',
  ' date_modified="2026-03-01T10:00:00.000000Z" user_id="0b000000000000000000000000000004">',
  "<create><case_type>household</case_type><case_name>Silva household</case_name>",
  "<owner_id>0b000000000000000000000000000004</owner_id></create>",
  "<update><household_size>4</household_size></update></case>",
  '<n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:7f0d6c1e-0000-4000-8000-000000000001</n1:instanceID>',
  "<n1:userID>0b000000000000000000000000000004</n1:userID><n1:username>worker1</n1:username></n1:meta></data>",
].join("");

export const SUBMISSION_BODY = {
  required: true,
  description:
    "An OpenRosa submission: multipart/form-data with the `xml_submission_file` part, or the XML as the raw body (any other Content-Type is read as raw XML too).",
  content: {
    "multipart/form-data": { schema: SubmissionMultipartSchema },
    "text/xml": { schema: instance, example: EXAMPLE_SUBMISSION },
    "application/xml": { schema: instance, example: EXAMPLE_SUBMISSION },
  },
};

const OPENROSA = "http://openrosa.org/http/response";

export const OPENROSA_SUCCESS_XML = {
  schema: z.string().openapi({
    description:
      '`OpenRosaResponse` with `<message nature="submit_success">`; also for a re-submitted instanceID (nothing is stored twice). Header `X-OpenRosa-Version: 1.0`.',
    example: `<OpenRosaResponse xmlns="${OPENROSA}"><message nature="submit_success">${OPENROSA_SUCCESS}</message></OpenRosaResponse>`,
  }),
};

export const OPENROSA_FAILURE_XML = {
  schema: z.string().openapi({
    description:
      '`OpenRosaResponse` with `<message nature="processing_failure">` and the reason: a multipart body the parser rejects (`Malformed multipart/form-data body: …`), no XML found, XML over 600,000 bytes, `Invalid XML: …` from the parser (also a DOCTYPE/ENTITY declaration, elements nested more than 100 deep or more than 50,000 elements), a bad case block (e.g. an unparseable date, a case of another domain), or a form or case that would exceed its stored size. Nothing is stored.',
    example: `<OpenRosaResponse xmlns="${OPENROSA}"><message nature="processing_failure">Invalid XML: …</message></OpenRosaResponse>`,
  }),
};
