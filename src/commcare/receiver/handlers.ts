import type { CcRequest } from "../pipeline/resource";
import { ccAuditContext } from "../audit";
import { MAX_SUBMISSION_XML_BYTES, utf8Bytes } from "../limits";
import { openRosaResponse, OPENROSA_SUCCESS } from "./openrosa";
import { receiveSubmission, SubmissionError } from "./service";

const XML_TYPE = "text/xml; charset=utf-8";

/**
 * The XML of a submission: multipart `xml_submission_file`, else the raw body. Any multipart body the
 * runtime's parser rejects (no boundary, an unterminated part, ...) is the client's error: 400.
 */
async function submissionXml(r: CcRequest): Promise<string | null> {
  const type = (r.c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await r.c.req.formData();
    } catch (err) {
      throw new SubmissionError(`Malformed multipart/form-data body: ${err instanceof Error ? err.message : String(err)}`);
    }
    const file = form.get("xml_submission_file");
    if (file === null) return null;
    return typeof file === "string" ? file : await (file as Blob).text();
  }
  return r.c.req.text();
}

/** POST /a/{domain}/receiver/[{app_id}/]: OpenRosa form submission → 201 OpenRosaResponse. */
export async function receive(r: CcRequest): Promise<Response> {
  const fail = (message: string) =>
    new Response(openRosaResponse("processing_failure", message), { status: 400, headers: { "content-type": XML_TYPE } });
  let xml: string | null;
  try {
    xml = await submissionXml(r);
  } catch (err) {
    if (err instanceof SubmissionError) return fail(err.message);
    throw err;
  }
  if (xml === null || xml.trim() === "") return fail("No XML submission found: send xml_submission_file or an XML body.");
  const size = utf8Bytes(xml);
  if (size > MAX_SUBMISSION_XML_BYTES)
    return fail(`The submission XML is ${size} bytes; at most ${MAX_SUBMISSION_XML_BYTES} are accepted.`);
  try {
    await receiveSubmission(r.db, ccAuditContext(r.c, r.domain.name, r.principal.userId), r.domain, {
      xml,
      submitIp: r.c.req.header("cf-connecting-ip") ?? null,
      openrosaVersion: r.c.req.header("x-openrosa-version") ?? null,
      appId: r.pk,
    });
  } catch (err) {
    if (err instanceof SubmissionError) return fail(err.message);
    throw err;
  }
  return new Response(openRosaResponse("submit_success", OPENROSA_SUCCESS), {
    status: 201,
    headers: { "content-type": XML_TYPE, "X-OpenRosa-Version": "1.0" },
  });
}
