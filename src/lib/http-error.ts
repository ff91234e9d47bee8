/**
 * Errors a handler throws to answer a client. Each family renders them in its own format:
 * problem+json for /auth, /edc, /flask (src/lib/problem.ts) and {"error": ...} for CommCare
 * (src/commcare/errors.ts). The app's onError hook calls `toResponse`.
 */
export abstract class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  abstract toResponse(requestId: string): Response;
}
