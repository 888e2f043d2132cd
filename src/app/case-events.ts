/**
 * The seam for work that must commit with a case event (the notification outbox, staff reminders):
 * listeners run inside the event's transaction, so their rows exist exactly when the event does.
 */
import type { CaseEvent, CaseRecord, DocumentDraft } from '../domain/model/case.js';
import type { Tx } from '../store/database.js';
import type { WriteBatch } from '../store/write-batch.js';

export interface CaseEventNotice {
  /** The case after the event, personal data decrypted (in memory only: never log or persist it in clear). */
  case: CaseRecord;
  event: CaseEvent;
  documents: (DocumentDraft & { docNumber: string })[];
  /** Only on registration: the petitioner's query code (查询码) in clear, for the receipt message. */
  queryCode?: string;
}

export interface CaseEventListener {
  /** Rows to write go into `writes` (sent with the event's own, in one statement); `tx` is for reads. */
  onCaseEvent(tx: Tx, notice: CaseEventNotice, writes: WriteBatch): Promise<void>;
}
