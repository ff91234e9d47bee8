import { describe, expect, it } from "vitest";
import { LABEL_PATTERN } from "../../src/edc/subjects/labels";
import { excludingPattern, NO_CONTROL_OR_FORMAT_PATTERN, NO_CONTROL_PATTERN } from "../../src/lib/openapi-patterns";

/** Every code point alone, between letters, and the lone and mis-paired surrogates a JS string can hold. */
function* samples() {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const s = String.fromCodePoint(cp);
    yield s;
    if (cp % 7 === 0) yield `a${s}b`;
  }
  yield* ["", "\ud804", "\ud804a", "\ud804\u0000", "\udcbd", "a\udb40", "\udb40\udc01", "\udb40\udc00", "\ud834\udd73x"];
}

function mismatches(published: string, validator: RegExp) {
  const re = new RegExp(published);
  const out: string[] = [];
  for (const s of samples()) if (re.test(s) !== validator.test(s) && out.length < 5) out.push(JSON.stringify(s));
  return out;
}

describe("published (flag-free) forms of the Unicode-property patterns", () => {
  it("accept exactly what /^[^\\p{Cc}]*$/u accepts", () => {
    expect(mismatches(NO_CONTROL_PATTERN, /^[^\p{Cc}]*$/u)).toEqual([]);
  });

  it("accept exactly what the EDC label pattern accepts", () => {
    expect(mismatches(NO_CONTROL_OR_FORMAT_PATTERN, LABEL_PATTERN)).toEqual([]);
  });

  it("name astral code points through their surrogates", () => {
    const re = new RegExp(excludingPattern([[0x1f600, 0x1f601]], "+"));
    expect(re.test("ok 😂")).toBe(true);
    expect(re.test("no 😀")).toBe(false);
    expect(re.test("no 😁")).toBe(false);
  });
});
