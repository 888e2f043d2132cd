/** What the use cases need of the audit trail (implemented by security/audit-trail.ts). */
import type { Db, Tx } from '../store/database.js';
import type { WriteBatch } from '../store/write-batch.js';

export interface AuditEntryInput {
  actorId: string | null;
  actorOrganId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  outcome: 'ok' | 'denied' | 'error';
  /** Never personal data in clear. */
  detail: Record<string, unknown>;
}

export interface AuditSink {
  /**
   * Inside the caller's transaction: the entry commits or rolls back with the write. With `writes`,
   * the entry is added to the caller's batch, which the caller flushes before committing.
   */
  append(tx: Db | Tx, e: AuditEntryInput, writes?: WriteBatch): Promise<void>;
  /** In its own transaction (reads, refusals). */
  record(db: Db, e: AuditEntryInput): Promise<void>;
}
