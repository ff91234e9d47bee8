import { describe, expect, it } from "vitest";
import { normalizeCaseDates } from "../../src/commcare/receiver/case-apply";
import { CaseBlockError, type CaseBlock } from "../../src/commcare/case/casexml";

describe("case dates from CaseXML", () => {
  const block = (dateModified: string | null, update: Record<string, string> = {}): CaseBlock => ({
    caseId: "c1",
    dateModified,
    userId: null,
    create: null,
    update,
    close: false,
    indices: [],
  });
  it("are stored in the one UTC form of form dates, whatever the phone sent", () => {
    const [a, b, c, d] = normalizeCaseDates([
      block("2026-12-01T11:00:00+02:00"),
      block("2026-12-01T10:00:00Z", { date_opened: "2026-11-30" }),
      block(null, { date_opened: "" }),
      block("2026-12-01T10:00:00.1234567Z"),
    ]);
    expect(a!.dateModified).toBe("2026-12-01T09:00:00.000000Z");
    expect(b!.dateModified).toBe("2026-12-01T10:00:00.000000Z");
    expect(b!.update.date_opened).toBe("2026-11-30T00:00:00.000000Z");
    expect(c!.dateModified).toBeNull();
    expect("date_opened" in c!.update).toBe(false);
    expect(d!.dateModified).toBe("2026-12-01T10:00:00.123456Z");
  });
  it("a value that is not a date is refused", () => {
    expect(() => normalizeCaseDates([block("last tuesday")])).toThrow(CaseBlockError);
    expect(() => normalizeCaseDates([block(null, { date_opened: "soon" })])).toThrow("Invalid date_opened 'soon' on case c1");
  });
});
