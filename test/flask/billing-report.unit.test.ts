import { describe, expect, it } from "vitest";
import { billingEnabled, billingMonthOf, monthRange, previousMonth } from "../../src/flask/billing/month";
import { billingFiles } from "../../src/flask/billing/report";

describe("billing months and files", () => {
  it("month arithmetic (UTC)", () => {
    expect(billingMonthOf("2026-10-15")).toBe("2026-10");
    expect(billingMonthOf("2026-10")).toBe("2026-10");
    expect(billingMonthOf("2026-10-31T23:30:00-02:00")).toBe("2026-11");
    expect(previousMonth(new Date("2026-11-01T02:00:00Z"))).toBe("2026-10");
    expect(previousMonth(new Date("2027-01-01T02:00:00Z"))).toBe("2026-12");
    expect(monthRange("2026-12")).toEqual({ start: "2026-12-01T00:00:00.000Z", end: "2027-01-01T00:00:00.000Z" });
    expect(billingEnabled('{"billing_report_customer_admin":true}')).toBe(true);
    expect(billingEnabled("{}")).toBe(false);
    expect(billingEnabled("oops")).toBe(false);
  });

  it("one CSV per study plus a summary with a TOTAL row", () => {
    const files = billingFiles("2026-10", [
      { studyId: 1, protocol: "P/1", title: "A, b", activeSubjects: 2, sites: 1, users: 3, deviceLogs: 10, crfDocuments: 4 },
      { studyId: 2, protocol: "P2", title: "B", activeSubjects: 1, sites: 2, users: 0, deviceLogs: 5, crfDocuments: 0 },
    ]);
    expect(files.map((f) => f.fileName)).toEqual(["study-1-P_1.csv", "study-2-P2.csv", "summary.csv"]);
    expect(files[0]!.content).toBe(
      'billing_month,study_id,unique_protocolid,brief_title,active_subjects,sites,users,device_logs,crf_documents\r\n2026-10,1,P/1,"A, b",2,1,3,10,4\r\n',
    );
    expect(files[2]!.content.split("\r\n")[3]).toBe("2026-10,TOTAL,,,3,3,3,15,4");
  });
});
