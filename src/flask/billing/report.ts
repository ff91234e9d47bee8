import { csvRow, safeFileName } from "../../lib/csv";

/** One study's usage in a billing month. */
export interface StudyUsage {
  studyId: number;
  protocol: string;
  title: string;
  activeSubjects: number;
  sites: number;
  users: number;
  deviceLogs: number;
  crfDocuments: number;
}

export const REPORT_COLUMNS = [
  "billing_month",
  "study_id",
  "unique_protocolid",
  "brief_title",
  "active_subjects",
  "sites",
  "users",
  "device_logs",
  "crf_documents",
] as const;

const row = (month: string, u: StudyUsage) => [
  month,
  u.studyId,
  u.protocol,
  u.title,
  u.activeSubjects,
  u.sites,
  u.users,
  u.deviceLogs,
  u.crfDocuments,
];

export interface ReportFile {
  fileName: string;
  studyId: number | null;
  content: string;
}

/**
 * Pure: the files of a customer's month: one CSV per study and `summary.csv` (every study and a
 * TOTAL row). Names are deterministic, so a re-run writes the same keys.
 */
export function billingFiles(month: string, usage: StudyUsage[]): ReportFile[] {
  const header = csvRow(REPORT_COLUMNS);
  const files: ReportFile[] = usage.map((u) => ({
    fileName: safeFileName(`study-${u.studyId}-${u.protocol}.csv`),
    studyId: u.studyId,
    content: header + csvRow(row(month, u)),
  }));
  const total = usage.reduce(
    (t, u) => ({
      ...t,
      activeSubjects: t.activeSubjects + u.activeSubjects,
      sites: t.sites + u.sites,
      users: t.users + u.users,
      deviceLogs: t.deviceLogs + u.deviceLogs,
      crfDocuments: t.crfDocuments + u.crfDocuments,
    }),
    { activeSubjects: 0, sites: 0, users: 0, deviceLogs: 0, crfDocuments: 0 },
  );
  const summary =
    header +
    usage.map((u) => csvRow(row(month, u))).join("") +
    csvRow([month, "TOTAL", "", "", total.activeSubjects, total.sites, total.users, total.deviceLogs, total.crfDocuments]);
  files.push({ fileName: "summary.csv", studyId: null, content: summary });
  return files;
}
