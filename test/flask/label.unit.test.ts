import { describe, expect, it } from "vitest";
import { formatLabel, nextLabel } from "../../src/flask/subject/label";

describe("subject labels (§3.6)", () => {
  it("prefix + '-' + number padded to the mask", () => {
    expect(formatLabel("site01", "NNN", 1)).toBe("site01-001");
    expect(formatLabel("SHEBA", "NNN", 24)).toBe("SHEBA-024");
    expect(formatLabel("X", "NNNNN", 7)).toBe("X-00007");
    expect(formatLabel("X", "NN", 123)).toBe("X-123");
  });

  it("per-site numerator from the starting subject id; study prefix uses the study numerator", () => {
    const study = { uniqueProtocolid: "PROT", subjectPrefixType: "site", subjectPrefixMask: "NNN", subjectNumerator: 0 };
    expect(nextLabel(study, { uniqueIdentifier: "S1", startingSubjectId: 1, subjectNumerator: 0 })).toEqual({
      label: "S1-001",
      number: 1,
      numerator: "site",
    });
    expect(nextLabel(study, { uniqueIdentifier: "SHEBA", startingSubjectId: 24, subjectNumerator: 0 })).toEqual({
      label: "SHEBA-024",
      number: 24,
      numerator: "site",
    });
    expect(nextLabel(study, { uniqueIdentifier: "SHEBA", startingSubjectId: 24, subjectNumerator: 30 }).label).toBe("SHEBA-031");
    expect(
      nextLabel(
        { ...study, subjectPrefixType: "study", subjectNumerator: 9 },
        { uniqueIdentifier: "S1", startingSubjectId: 1, subjectNumerator: 0 },
      ),
    ).toEqual({ label: "PROT-010", number: 10, numerator: "study" });
  });
});
