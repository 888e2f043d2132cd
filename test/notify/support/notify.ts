/** Helpers for the notification tests: a captured logger, the outbox rows, a worker writing to a temp SMS file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import type { Db } from '../../../src/store/database.js';
import * as s from '../../../src/store/schema.js';
import type { Logger } from '../../../src/notify/sms/adapter.js';

export class CapturingLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(m);
  }

  warn(m: string): void {
    this.lines.push(m);
  }
}

export function tempSmsFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'minsheng-sms-')), 'sms-outbox.jsonl');
}

export async function outboxRows(db: Db) {
  return db.select().from(s.notificationOutbox).orderBy(asc(s.notificationOutbox.createdAt), asc(s.notificationOutbox.eventSeq));
}
