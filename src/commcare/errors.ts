import { HttpError } from "../lib/http-error";

/**
 * CommCare HQ error answer (commcare-api.md §2.1): `{"error": "<message>"}`, or an empty body where
 * the reference sends none (401/403 from auth, 404 on detail, 429 from the throttle).
 */
export class CommCareError extends HttpError {
  constructor(
    status: number,
    readonly error: string | null,
    headers: Record<string, string> = {},
  ) {
    super(status, error ?? `HTTP ${status}`, headers);
  }

  toResponse(): Response {
    if (this.error === null) return new Response(null, { status: this.status, headers: this.headers });
    return new Response(JSON.stringify({ error: this.error }), {
      status: this.status,
      headers: { "content-type": "application/json", ...this.headers },
    });
  }
}

export const ccBadRequest = (message: string) => new CommCareError(400, message);
export const ccEmpty = (status: 401 | 403 | 404, headers: Record<string, string> = {}) => new CommCareError(status, null, headers);

export const CC_INTERNAL_ERROR = "Sorry, this request could not be processed. Please try again later.";

/** 429 from the per-domain throttle: empty body, `Retry-After` and RateLimit-* (§2.6, Q14). */
export const ccTooManyRequests = (headers: Record<string, string>) => new CommCareError(429, null, headers);
