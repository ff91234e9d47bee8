export { appendAudit, auditedBatch, type AuditContext, type AuditEntry, type AuditedWrite } from "./append";
export { chainRows, type ChainHead } from "./chain";
export { auditContext, callerAuditContext } from "./context";
export { sealAuditChain, sealThroughSealer, tenantsWithUnsealedRows } from "./seal";
export { verifyAuditChain, type ChainReport } from "./verify";
