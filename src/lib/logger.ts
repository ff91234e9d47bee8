/** One structured JSON line per event; never given secrets (tokens, passwords, keys, SQL text, values). */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(base: Record<string, unknown>): Logger {
  const write = (level: string, event: string, fields?: Record<string, unknown>) =>
    console.log(JSON.stringify({ level, event, ...base, ...fields, time: new Date().toISOString() }));
  return {
    info: (event, fields) => write("info", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const MAX_MESSAGE = 300;

/**
 * What a log line may say about an error: its class, its code, a message and the stack frames.
 * drizzle wraps driver errors as `Failed query: <sql>\nparams: <values>`, so its own message is
 * dropped for the driver's (the cause). PostgreSQL messages can quote the values sent ("invalid input
 * syntax for type integer: \"…\""), so for those only the SQLSTATE and routine are kept. The stack's
 * first line repeats the message, so only its `at …` frames are kept.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error_name: typeof err };
  const inner = err.message.startsWith("Failed query:") && err.cause instanceof Error ? err.cause : err;
  const { code, routine } = inner as { code?: unknown; routine?: unknown };
  const pg = typeof code === "string" && SQLSTATE.test(code);
  const message = pg ? undefined : inner.message.startsWith("Failed query:") ? undefined : inner.message.slice(0, MAX_MESSAGE);
  return {
    error_name: inner.name,
    ...(typeof code === "string" ? { error_code: code } : {}),
    ...(pg && typeof routine === "string" ? { error_routine: routine } : {}),
    ...(message !== undefined ? { error_message: message } : {}),
    stack: (err.stack ?? "")
      .split("\n")
      .filter((l) => /^\s+at /.test(l))
      .slice(0, 12)
      .map((l) => l.trim()),
  };
}
