/**
 * Published forms of the Unicode-property patterns the validators use. A JSON Schema `pattern` is an
 * ECMA-262 regex without flags, so `/^[^\p{Cc}]*$/u` cannot be published as it is: without the `u`
 * flag, `\p{Cc}` means the letters p, {, C, c, }. These patterns name the same code points by range,
 * astral ones through their UTF-16 surrogates, and test/platform/openapi-patterns.unit.test.ts checks
 * every code point against the `u` regex they stand for.
 */
type Range = readonly [first: number, last: number];

/** General category Cc. */
export const CONTROL: readonly Range[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
];

/** General category Cf (Unicode 15.1/16, as V8 knows it). */
export const FORMAT: readonly Range[] = [
  [0x00ad, 0x00ad],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
  [0x110bd, 0x110bd],
  [0x110cd, 0x110cd],
  [0x13430, 0x1343f],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
];

/** LINE SEPARATOR and PARAGRAPH SEPARATOR. */
export const LINE_BREAKS: readonly Range[] = [[0x2028, 0x2029]];

const u = (n: number) => `\\u${n.toString(16).padStart(4, "0")}`;
const cls = (ranges: readonly Range[]) => ranges.map(([a, b]) => (a === b ? u(a) : `${u(a)}-${u(b)}`)).join("");

/**
 * `^[^<excluded>]<quantifier>$` over code points, as a regex without flags: BMP code points in one
 * class; an excluded astral code point is its lead surrogate followed by one of the excluded trails.
 */
export function excludingPattern(excluded: readonly Range[], quantifier: "*" | "+"): string {
  const bmp: Range[] = [];
  const trails = new Map<number, Range[]>();
  for (const [first, last] of excluded) {
    if (last <= 0xffff) {
      bmp.push([first, last]);
      continue;
    }
    for (let cp = first; cp <= last; cp++) {
      const lead = 0xd800 + ((cp - 0x10000) >> 10);
      const trail = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      const list = trails.get(lead) ?? [];
      const prev = list[list.length - 1];
      if (prev && prev[1] === trail - 1) list[list.length - 1] = [prev[0], trail];
      else list.push([trail, trail]);
      trails.set(lead, list);
    }
  }
  const leads = [...trails.keys()].map((l): Range => [l, l]);
  const alternatives = [...trails].map(([lead, ts]) => `|${u(lead)}(?![${cls(ts)}])`).join("");
  return `^(?:[^${cls([...bmp, ...leads])}]${alternatives})${quantifier}$`;
}

/** `/^[^\p{Cc}]*$/u` */
export const NO_CONTROL_PATTERN = excludingPattern(CONTROL, "*");

/** `/^[^\p{Cc}\p{Cf}\u2028\u2029]+$/u` */
export const NO_CONTROL_OR_FORMAT_PATTERN = excludingPattern([...CONTROL, ...FORMAT, ...LINE_BREAKS], "+");
