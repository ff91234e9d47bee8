import type { Env } from "../../env";
import type { JobRow } from "./queries";

/** Default lifetime of a mailed link: mail is read later than an API answer. */
const DEFAULT_MAIL_LINK_TTL = 3 * 24 * 3600;

export const mailLinkTtl = (env: Env) => Number(env.EXPORT_LINK_TTL_SECONDS) || DEFAULT_MAIL_LINK_TTL;

/** The mail each recipient of a finished job gets: the signed link and when it expires, no attachment. */
export function exportMail(job: Pick<JobRow, "id" | "kind" | "dbname" | "fileName" | "rows" | "bytes">, link: string, expires: Date) {
  const subject = `TrialEdge export ready: ${job.fileName}`;
  const text = [
    `The export ${job.id} (${job.kind} of the EDC database ${job.dbname}) is ready: ${job.rows} rows, ${job.bytes} bytes.`,
    "",
    `Download ${job.fileName}:`,
    link,
    "",
    `The link works without signing in until ${expires.toISOString()}; after that, ask for a new export.`,
  ].join("\r\n");
  return { subject, text };
}
