import { strFromU8, unzipSync } from "fflate";
import { BASE, get } from "./http";

/** Minimal RFC 4180 reader for assertions: rows of fields, CRLF line ends, quoted fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      (row = []), (field = ""), i++;
    } else field += ch;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

/** The entries of a zip response, as CSV text, in archive order. */
export async function zipEntries(res: Response): Promise<[string, string][]> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]);
}

/** Follows the signed `Link: <url>; rel="alternate"` of a zip answer (no token) and returns that response. */
export async function followLink(res: Response): Promise<Response> {
  const m = /^<([^>]+)>; rel="alternate"$/.exec(res.headers.get("link") ?? "");
  if (!m) throw new Error(`no alternate Link header: ${res.headers.get("link")}`);
  return get(m[1]!.slice(BASE.length));
}
