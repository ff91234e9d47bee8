/** Pure month arithmetic of the billing reports (UTC). */

/** "YYYY-MM" of `YYYY-MM`, a date or a date-time (the UTC month of the instant). */
export function billingMonthOf(value: string): string {
  if (/^\d{4}-\d{2}$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.slice(0, 7);
  return new Date(value.replace(" ", "T")).toISOString().slice(0, 7);
}

/** The month before the one holding `at`: the month a run on the 1st reports on. */
export function previousMonth(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** [start, end) of a month as ISO strings. */
export function monthRange(month: string): { start: string; end: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1)).toISOString(), end: new Date(Date.UTC(y, m, 1)).toISOString() };
}

export const billingKey = (customerId: number, month: string, fileName: string) => `billing/${customerId}/${month}/${fileName}`;

/** Customer features JSON (customers.features): is the customer-admin billing report on? */
export function billingEnabled(featuresJson: string): boolean {
  try {
    const f = JSON.parse(featuresJson) as Record<string, unknown>;
    return f.billing_report_customer_admin === true;
  } catch {
    return false;
  }
}
