import { env } from "cloudflare:workers";

/** The CaseXML v2 namespace of case blocks. */
export const CASE_NS = "http://commcarehq.org/case/transaction/v2";

/** An OpenRosa form instance with the given instanceID, case block(s) and extra questions. */
export const receiverForm = (instanceId: string, caseXml: string, extra = "") =>
  `<?xml version="1.0"?><data xmlns="http://demo.test/receiver" uiVersion="1" version="7"><q>answer &amp; more</q>${extra}${caseXml}` +
  `<n1:meta xmlns:n1="http://openrosa.org/jr/xforms"><n1:instanceID>uuid:${instanceId}</n1:instanceID><n1:userID>0b000000000000000000000000000004</n1:userID><n1:username>worker1</n1:username></n1:meta></data>`;

/** Row counts of everything a submission can write. */
export const receiverCounts = async () => {
  const q = async (t: string) => (await env.DB.prepare(`select count(*) n from ${t}`).first<{ n: number }>())!.n;
  return {
    forms: await q("cc_forms"),
    cases: await q("cc_cases"),
    indices: await q("cc_case_indices"),
    links: await q("cc_form_cases"),
    audit: await q("audit_trail"),
  };
};
