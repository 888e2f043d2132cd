/**
 * The daily export of the audit chain's head (src/security/audit-head.ts) inside the server: off
 * unless given a directory and a key (the configuration turns it on in production). At start and
 * then every `checkEveryMs` (1 h), if the file for today's Beijing date is missing, it verifies
 * the chain and writes it — so a restart or a missed hour never skips a day, and two server
 * processes at worst write the same day's file twice (the later head covers the earlier).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chinaDate } from '../domain/calendar/dates.js';
import { exportAuditHead, headFileName } from '../security/audit-head.js';
import type { AuditTrail } from '../security/audit-trail.js';
import type { Db } from '../store/database.js';
import type { Clock } from './clock.js';

export interface AuditHeadJobOptions {
  /** Where the head files go: a directory the audit administrator copies off (or write-once storage). */
  dir: string;
  /** HMAC-SM3 key (≥ 32 bytes), not stored in the database. */
  key: Buffer;
  checkEveryMs?: number;
  /** Told of each file written, and of each failure (the chain broken, the directory unwritable). */
  onExported?: (file: string, seq: number) => void;
  onError?: (e: unknown) => void;
}

export interface AuditHeadJob {
  start(): void;
  stop(): Promise<void>;
  /** One check: writes today's file when it is missing; returns the file written, or null. */
  runOnce(): Promise<string | null>;
}

export function auditHeadJob(db: Db, trail: AuditTrail, clock: Clock, opts: AuditHeadJobOptions): AuditHeadJob {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async (): Promise<string | null> => {
    const now = clock.now();
    if (existsSync(join(opts.dir, headFileName(chinaDate(now))))) return null;
    mkdirSync(opts.dir, { recursive: true });
    const { file, head } = await exportAuditHead(db, trail, { dir: opts.dir, key: opts.key, now });
    opts.onExported?.(file, head.seq);
    return file;
  };
  const tick = () => {
    running = runOnce().catch((e: unknown) => opts.onError?.(e));
  };
  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.checkEveryMs ?? 3_600_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    runOnce,
  };
}
