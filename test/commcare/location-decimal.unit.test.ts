import { describe, expect, it } from "vitest";
import { exactFloat, pythonDecimalStr, quantize10 } from "../../src/commcare/location-v1/decimal";

describe("decimals", () => {
  it("prints str(Decimal(x)) and stores scale 10", () => {
    expect(exactFloat(31.1234)).toBe("31.123400000000000176214598468504846096038818359375");
    expect(pythonDecimalStr(31.1234)).toBe("31.123400000000000176214598468504846096038818359375");
    expect(pythonDecimalStr("31.41")).toBe("31.41");
    expect(pythonDecimalStr(" 031.5")).toBe("31.5");
    expect(pythonDecimalStr(12)).toBe("12");
    expect(pythonDecimalStr("abc")).toBeNull();
    expect(quantize10("31.41")).toBe("31.4100000000");
    expect(quantize10("31.123400000000000176214598468504846096038818359375")).toBe("31.1234000000");
    expect(quantize10("-0.00000000005")).toBe("0.0000000000");
    expect(quantize10("1e3")).toBe("1000.0000000000");
  });
});
