/**
 * Decimal handling of latitude/longitude (DecimalField(max_digits=20, decimal_places=10)).
 * `pythonDecimalStr` is `str(Decimal(x))` of a JSON value: exact binary expansion for floats
 * (31.1234 → "31.123400000000000176214598468504846096038818359375"), the text for strings.
 * `quantize10` is what the database keeps (scale 10, half-even).
 */
const PLAIN = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/;

export const decimalMessage = (v: string) => `“${v}” value must be a decimal number.`;

/** Exact decimal expansion of a finite double. */
export function exactFloat(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = expBits - 1075;
  }
  while (mantissa > 0n && (mantissa & 1n) === 0n && exp < 0) {
    mantissa >>= 1n;
    exp += 1;
  }
  const scale = -exp;
  const digits = (mantissa * 5n ** BigInt(scale)).toString().padStart(scale + 1, "0");
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** `str(Decimal(value))`, or null when Django would reject it (the caller raises the message). */
export function pythonDecimalStr(value: unknown): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? exactFloat(value) : null;
  if (typeof value !== "string") return null;
  const m = PLAIN.exec(value);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) {
    const exp = /^\s*[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+\s*$/.test(value);
    return exp ? value.trim() : null;
  }
  const intPart = m[2]!.replace(/^0+(?=\d)/, "") || "0";
  const frac = m[3];
  return `${m[1] === "-" ? "-" : ""}${intPart}${frac !== undefined && frac !== "" ? `.${frac}` : ""}`;
}

/** Rounds a decimal text (plain or exponent) to 10 places, half-even: the stored value. */
export function quantize10(text: string): string {
  let t = text.trim();
  let exp = 0;
  const e = /[eE]([+-]?\d+)$/.exec(t);
  if (e) {
    exp = Number(e[1]);
    t = t.slice(0, e.index);
  }
  const neg = t.startsWith("-");
  t = t.replace(/^[+-]/, "");
  const [ip = "", fp = ""] = t.split(".");
  let digits = BigInt(ip + fp || "0");
  let scale = fp.length - exp;
  if (scale < 10) {
    digits *= 10n ** BigInt(10 - scale);
    scale = 10;
  }
  const drop = scale - 10;
  if (drop > 0) {
    const div = 10n ** BigInt(drop);
    const q = digits / div;
    const rem = digits % div;
    const half = div / 2n;
    digits = rem > half || (rem === half && q % 2n === 1n) ? q + 1n : q;
  }
  const s = digits.toString().padStart(11, "0");
  const out = `${s.slice(0, -10)}.${s.slice(-10)}`;
  return neg && digits !== 0n ? `-${out}` : out;
}
