/**
 * POST operations that only read D1 (extracts, searches, exports whose files go to R2, chain checks).
 * Every other POST, PUT, PATCH and DELETE is a write. A route missing here is treated as a write:
 * slower from far away (its D1 session starts at the primary, its rate-limit spend is awaited first),
 * never wrong.
 */
const READ_ONLY_POSTS = [
  /^\/edc\/study\/(extract-|download-csvs-data$)/,
  /^\/flask\/customer\/(extract-data-to-json|download-billing-reports)$/,
  /^\/flask\/device\/get-logs$/,
  /^\/flask\/crf\/get-CRF-data-ids$/,
  /^\/flask\/study\/subject-studies$/,
  /^\/flask\/subject\/extract-study-event-data-to-CSV$/,
  /^\/flask\/audit\/verify-chain$/,
  /^\/data-server\/data\/extract\//,
];

/** Whether a request only reads: GET, HEAD, OPTIONS, and the read-only POST operations above. */
export function readsOnly(method: string, path: string): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return true;
  return method === "POST" && READ_ONLY_POSTS.some((re) => re.test(path));
}
