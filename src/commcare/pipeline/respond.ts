import { JSON_CONTENT_TYPE, sortedJson, XML_CONTENT_TYPE } from "../serialize/json";
import { toTastypieXml, type XmlOptions } from "../serialize/xml";
import { determineFormat } from "../serialize/format";
import type { CcRequest } from "./resource";

/** A success answer: sorted-key JSON with charset (§2.3). */
export function ccJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(sortedJson(data), { status, headers: { "content-type": JSON_CONTENT_TYPE, ...headers } });
}

export function ccXml(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": XML_CONTENT_TYPE } });
}

export const formatOf = (r: CcRequest) => determineFormat(r.query.getAll("format").at(-1), r.c.req.header("accept"));

/**
 * JSON or tastypie XML, as the request asks (`format=` then `Accept`, §2.3). `xml.idAttribute` for
 * the resources HQ serialises with `CustomXMLSerializer` (applications, bulk users).
 */
export function ccFormatted(r: CcRequest, data: unknown, root: "response" | "object", status = 200, xml: XmlOptions = {}): Response {
  return formatOf(r) === "xml" ? ccXml(toTastypieXml(data, root, xml), status) : ccJson(data, status);
}
