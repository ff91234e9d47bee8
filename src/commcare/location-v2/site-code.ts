/**
 * Site-code generation: `generate_site_code` → `corehq/apps/commtrack/util.py generate_code`
 * (commcare-api.md §3.7):
 *
 *     if not object_name: object_name = 'no name'
 *     name_slug = re.sub(r"[\W\d]+", "_", slugify(unidecode(object_name.lower()))).strip("_")
 *     postfix = re.search(r"(\d*)$", object_name).group(1)
 *     while name_slug + postfix in existing_codes:        # the domain's codes, lower-cased
 *         postfix = str(int(postfix) + 1) if postfix else "1"
 *
 * So the slug is made from the WHOLE name with every digit turned into a separator (`District 9
 * North` → `district_north`, `123 Main` → `main`), and only the name's trailing digits come back as
 * the postfix (`Fair Play 2` → `fair_play2`, `123` → `123`). A name of nothing but symbols gives the
 * empty slug, exactly as the reference does.
 */

/** Letters `unidecode` spells out that Unicode decomposition (NFKD) does not reduce to ASCII. */
const TRANSLIT: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  ŋ: "ng",
  ĸ: "q",
  ſ: "s",
  ŀ: "l",
  ĳ: "ij",
};

/**
 * `unidecode` as far as it matters for a slug: accents dropped (NFKD), the letters above spelled
 * out, non-ASCII spaces → a space and dashes → `-` (separators, as their ASCII forms are), any
 * other non-ASCII character dropped (slugify would drop its ASCII punctuation form too).
 */
export function asciiFold(text: string): string {
  return [...text.normalize("NFKD")]
    .map((ch) => {
      if (ch.charCodeAt(0) < 0x80) return ch;
      if (TRANSLIT[ch] !== undefined) return TRANSLIT[ch];
      if (/\p{Z}/u.test(ch)) return " ";
      if (/\p{Pd}/u.test(ch)) return "-";
      return "";
    })
    .join("");
}

/** Django `slugify` of ASCII text: drop `[^\w\s-]`, runs of `[-\s]` → `-`, strip `-_`. */
export function djangoSlugify(ascii: string): string {
  return ascii
    .toLowerCase()
    .replace(/[^\w\s\x1c-\x1f-]/g, "")
    .replace(/[-\s\x1c-\x1f]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/** The slug part of a generated code: runs of non-word-or-digit characters → `_`, trimmed. */
export function slugifyName(name: string): string {
  return djangoSlugify(asciiFold(name.toLowerCase()))
    .replace(/[^A-Za-z_]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** `generate_code(name, existing_codes)`; `taken` holds the domain's other codes, lower-cased. */
export function generateSiteCode(name: string, taken: ReadonlySet<string>): string {
  const objectName = name || "no name";
  const slug = slugifyName(objectName);
  let postfix = /(\d*)$/.exec(objectName)![1]!;
  while (taken.has((slug + postfix).toLowerCase())) postfix = postfix ? String(BigInt(postfix) + 1n) : "1";
  return slug + postfix;
}
