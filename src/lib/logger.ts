/** One structured JSON line per event; never given secrets (tokens, passwords, keys, SQL text). */
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
