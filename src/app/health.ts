/**
 * GET /api/health (liveness: the process answers, and the database does) and GET /api/ready
 * (readiness: the database answers, every migration of the journal is applied, and the holiday
 * calendar holds the current year's data — a library year or an entered State Council notice, not
 * the provisional calendar).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { chinaDate } from '../domain/calendar/dates.js';
import { resultRows, type Database } from '../store/database.js';
import type { Clock } from './clock.js';
import type { ReferenceData } from './reference-data.js';

export interface ReadyChecks {
  database: boolean;
  migrations: boolean;
  calendar: boolean;
}

export interface Readiness {
  ready: boolean;
  checks: ReadyChecks;
  /** What is missing, in Chinese (for the 503 answer and the log). */
  problems: string[];
}

interface Journal { entries: { idx: number; when: number; tag: string }[] }

const JOURNAL = fileURLToPath(new URL('../../migrations/meta/_journal.json', import.meta.url));

/** The last migration the code ships (its `when`, which drizzle stores as created_at). */
export function lastMigration(journalPath = JOURNAL): { tag: string; when: number } {
  const j = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const last = j.entries.reduce((a, b) => (b.idx > a.idx ? b : a));
  return { tag: last.tag, when: last.when };
}

export class HealthCheck {
  private readonly expected = lastMigration();

  constructor(private readonly database: Database, private readonly ref: ReferenceData, private readonly clock: Clock) {}

  async check(): Promise<{ status: 'ok'; database: string }> {
    await this.database.db.execute(sql`select 1`);
    return { status: 'ok', database: this.database.kind };
  }

  async readiness(): Promise<Readiness> {
    const checks: ReadyChecks = { database: false, migrations: false, calendar: false };
    const problems: string[] = [];
    try {
      await this.database.db.execute(sql`select 1`);
      checks.database = true;
    } catch {
      problems.push('数据库无法连接');
    }
    if (checks.database) {
      try {
        const table = sql.raw(`"${this.database.migrationsSchema}"."__drizzle_migrations"`);
        const res = await this.database.db.execute(sql`select count(*) as n from ${table} where created_at = ${this.expected.when}`);
        const rows = resultRows<{ n: number | string }>(res);
        checks.migrations = Number(rows[0]?.n ?? 0) > 0;
      } catch { /* no migrations table: not migrated */ }
      if (!checks.migrations) problems.push(`数据库结构未更新到最新迁移 ${this.expected.tag}`);
      try {
        const year = Number(chinaDate(this.clock.now()).slice(0, 4));
        checks.calendar = (await this.ref.get()).calendar.hasYear(year);
        if (!checks.calendar) problems.push(`工作日历缺少 ${year} 年的节假日安排（请系统管理员录入国务院通知）`);
      } catch {
        problems.push('无法读取工作日历');
      }
    }
    return { ready: checks.database && checks.migrations && checks.calendar, checks, problems };
  }
}
