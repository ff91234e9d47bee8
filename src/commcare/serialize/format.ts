/**
 * `?format=json|xml` wins over `Accept`; then `Accept`; anything else (text/html, unknown) is JSON
 * (commcare-api.md §2.3).
 */
export function determineFormat(formatParam: string | undefined, accept: string | undefined): "json" | "xml" {
  if (formatParam !== undefined) return formatParam.toLowerCase() === "xml" ? "xml" : "json";
  if (!accept) return "json";
  for (const part of accept.split(",")) {
    const type = part.split(";")[0]!.trim().toLowerCase();
    if (type === "application/json" || type === "text/javascript" || type === "text/html") return "json";
    if (type === "application/xml" || type === "text/xml") return "xml";
  }
  return "json";
}
