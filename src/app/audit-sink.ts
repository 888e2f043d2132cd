/** What the use cases need of the audit trail (implemented by security/audit-trail.ts). */
import type { SQL } from 'drizzle-orm';
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

/** The chain's head read under the audit lock (AuditSink.lockHead): what the next entry continues from. */
export interface AuditHead { headSeq: number; headHash: string }

export interface AuditSink {
  /**
   * Inside the caller's transaction: the entry commits or rolls back with the write. With `writes`,
   * the entry is added to the caller's batch, which the caller flushes before committing.
   */
  append(tx: Db | Tx, e: AuditEntryInput, writes?: WriteBatch, head?: AuditHead): Promise<void>;
  /**
   * Take the audit lock now, after `first` (its returned rows given back), for one append with the
   * head later in the transaction: a counter's row lock and the audit lock in one round trip.
   */
  lockHead(tx: Tx, first?: SQL): Promise<{ head: AuditHead; first: Record<string, unknown>[] }>;
  /** In its own transaction (reads, refusals). */
  record(db: Db, e: AuditEntryInput): Promise<void>;
}
