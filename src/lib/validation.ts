import type { FieldError } from "./problem";

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** RFC 6901 JSON Pointer for a zod issue path: ["users", 0, "email"] -> "/users/0/email". */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** Every issue of a failed parse, each with its JSON Pointer; nothing is dropped. */
export function fieldErrors(issues: readonly ZodLikeIssue[], target?: string): FieldError[] {
  return issues.map((i) => ({
    path: jsonPointer(i.path),
    message: i.message,
    ...(target ? { in: target } : {}),
  }));
}
