import { HttpError } from "./http-error";

/** One bad field of a request, as a JSON Pointer into the part of the request named by `in`. */
export interface FieldError {
  path: string;
  message: string;
  in?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** RFC 9457 problem details: `{type, title, status, detail, error, errors?}` (flaskdata-api.md §0.2). */
export class Problem extends HttpError {
  constructor(
    status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    headers: Record<string, string> = {},
  ) {
    super(status, detail, headers);
  }

  body(requestId: string) {
    return {
      type: `urn:trialedge:problem:${this.code}`,
      title: TITLES[this.status] ?? "Error",
      status: this.status,
      detail: this.detail,
      error: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      request_id: requestId,
    };
  }

  toResponse(requestId: string): Response {
    return new Response(JSON.stringify(this.body(requestId)), {
      status: this.status,
      headers: { "content-type": PROBLEM_CONTENT_TYPE, ...this.headers },
    });
  }
}

export const badRequest = (code: string, detail: string, errors?: FieldError[]) => new Problem(400, code, detail, errors);
export const unauthorized = (detail = "A valid token is required.") => new Problem(401, "unauthorized", detail);
export const forbidden = (code: string, detail: string) => new Problem(403, code, detail);
export const notFound = (code: string, detail: string) => new Problem(404, code, detail);
export const conflict = (code: string, detail: string) => new Problem(409, code, detail);
