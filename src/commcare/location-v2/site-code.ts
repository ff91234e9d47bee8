/**
 * Site-code generation (`generate_site_code` → `commtrack/util.py generate_code`, commcare-api.md
 * §3.7): the name without its trailing digits is slugified (ASCII-folded, runs of anything that is
 * not a word character become `_`, trimmed), the trailing digits are the postfix; while the code is
 * taken (case-insensitively) the postfix counts up from 1.
 */
export function slugifyName(name: string): string {
  const ascii = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x00-\x7f]/g, "");
  const django = ascii
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  return django.replace(/[^\w]+/g, "_").replace(/^_+|_+$/g, "");
}

export function generateSiteCode(name: string, taken: ReadonlySet<string>): string {
  const m = /^(.*?)(\d*)$/s.exec(name)!;
  const slug = slugifyName(m[1]!);
  let postfix = m[2]!;
  const isTaken = (code: string) => taken.has(code.toLowerCase());
  if (!slug && !postfix) postfix = "";
  const base = slug || (postfix ? "" : "location");
  while (isTaken(base + postfix)) postfix = postfix ? String(Number(postfix) + 1) : "1";
  return base + postfix;
}
