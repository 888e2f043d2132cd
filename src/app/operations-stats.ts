/**
 * The figures /metrics exposes from the database: the SMS outbox by status (backlog, failures, the
 * oldest message waiting) and the open and overdue cases. Counts only — nothing about a petitioner.
 */
import { sql } from 'drizzle-orm';
import { chinaDate } from '../domain/calendar/dates.js';
import { resultRows, type Db } from '../store/database.js';
import * as s from '../store/schema.js';
import type { Clock } from './clock.js';

export interface OperationsFigures {
  outbox: Record<string, number>;
  /** Seconds since the oldest pending or sending row was due (0 when none). */
  outboxOldestDueSeconds: number;
  casesOpen: number;
  casesOverdue: number;
}

export class OperationsStats {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  async figures(): Promise<OperationsFigures> {
    const now = this.clock.now();
    const today = chinaDate(now);
    const outbox: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
    for (const r of resultRows<{ status: string; n: string | number }>(await this.db.execute(
      sql`select ${s.notificationOutbox.status} as status, count(*) as n from ${s.notificationOutbox} group by 1`))) {
      outbox[r.status] = Number(r.n);
    }
    const [oldest] = resultRows<{ t: string | Date | null }>(await this.db.execute(
      sql`select min(${s.notificationOutbox.nextAttemptAt}) as t from ${s.notificationOutbox} where ${s.notificationOutbox.status} in ('pending', 'sending')`));
    const oldestAt = oldest?.t ? new Date(oldest.t).getTime() : null;
    const [c] = resultRows<{ open: string | number; overdue: string | number }>(await this.db.execute(
      sql`select count(*) filter (where ${s.cases.open}) as open,
                 count(*) filter (where ${s.cases.open} and ${s.cases.nextDue} < ${today}) as overdue
          from ${s.cases}`));
    return {
      outbox,
      outboxOldestDueSeconds: oldestAt === null ? 0 : Math.max(0, (now.getTime() - oldestAt) / 1000),
      casesOpen: Number(c?.open ?? 0),
      casesOverdue: Number(c?.overdue ?? 0),
    };
  }
}
