import { describe, expect, it } from "vitest";
import { itemError, newCrfDataId, parseItems, validateCrfData, type FormItem } from "../../src/flask/crf/validate";

const items: FormItem[] = [
  { name: "AGE", type: "int" },
  { name: "SEX", type: "code", codes: [1, 2] },
  { name: "CONSENT_DATE", type: "date" },
  { name: "WEIGHT", type: "number" },
  { name: "SMOKER", type: "boolean" },
  { name: "VISIT_AT", type: "datetime" },
  { name: "NOTE", type: "text" },
];

describe("CRF value validation", () => {
  it("accepts values of the item's type, and null", () => {
    expect(
      validateCrfData(
        items,
        {
          AGE: 42,
          SEX: 2,
          CONSENT_DATE: "2024-02-29",
          WEIGHT: 70.5,
          SMOKER: false,
          VISIT_AT: "2020-12-21 10:10:00.000Z",
          NOTE: "ok",
          AGE2: undefined,
        } as never,
        "/d",
      ),
    ).toEqual([{ path: "/d/AGE2", message: "is not an item of this CRF" }]);
    expect(validateCrfData(items, { AGE: null, NOTE: null }, "/d")).toEqual([]);
  });

  it("names every wrong value", () => {
    expect(itemError(items[0]!, "42")).toMatch(/integer/);
    expect(itemError(items[0]!, 4.2)).toMatch(/integer/);
    expect(itemError(items[1]!, 0)).toMatch(/codes/);
    expect(itemError(items[2]!, "2023-02-29")).toMatch(/date/);
    expect(itemError(items[2]!, "2024-02-29T10:00:00Z")).toMatch(/date/);
    expect(itemError(items[3]!, Number.NaN)).toMatch(/number/);
    expect(itemError(items[4]!, "true")).toMatch(/true or false/);
    expect(itemError(items[5]!, "tomorrow")).toMatch(/date-time/);
    expect(itemError(items[6]!, 5)).toMatch(/string/);
    expect(validateCrfData(items, { "a/b": 1 }, "/crf_data")[0]!.path).toBe("/crf_data/a~1b");
  });

  it("parses form definitions defensively and makes 10-char ids", () => {
    expect(parseItems("not json")).toEqual([]);
    expect(parseItems('[{"name":"A","type":"int"},{"name":"B","type":"weird"},null]')).toEqual([{ name: "A", type: "int" }]);
    expect(newCrfDataId()).toMatch(/^[A-Z0-9]{10}$/);
  });
});
