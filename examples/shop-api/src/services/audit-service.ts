import type { Queryable } from '../db/index.js';
import * as auditLogs from '../repositories/audit-log-repository.js';

export type { AuditEntry } from '../repositories/audit-log-repository.js';

/**
 * Records who changed what. Pass the transaction client when the change itself
 * runs in a transaction, so the audit entry commits (or rolls back) with it.
 */
export async function recordAudit(entry: auditLogs.AuditEntry, conn?: Queryable): Promise<void> {
  await auditLogs.insert(entry, conn);
}

export const auditTrail = auditLogs.listForEntity;
