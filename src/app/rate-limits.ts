/**
 * Rate-limit counters in the database, so that every server process on it draws on one budget per
 * client (docs/decisions/015-several-server-processes.md). A fixed window per key, counted by one
 * atomic upsert (`insert … on conflict do update … returning`): two processes hitting the same key
 * at once are serialised by the row lock and each sees its own count. The window runs on the
 * database's clock, the same for every process. Keys are stored as keyed MACs (a client IP is not
 * kept in clear); expired rows are deleted now and then.
 */
import { lt, sql } from 'drizzle-orm';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';

export interface Hit {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** How often (at most) a process deletes expired counters. */
const PURGE_EVERY_MS = 60_000;

export class SharedRateLimits {
  private lastPurge = 0;

  constructor(private readonly db: Db, private readonly crypto: FieldCrypto) {}

  /** Count one hit on `key` in a window of `windowMs` that starts with the first hit. */
  async hit(key: string, windowMs: number): Promise<Hit> {
    if (!Number.isInteger(windowMs) || windowMs <= 0) throw new Error(`bad rate-limit window ${String(windowMs)}`);
    const t = s.rateLimits;
    const stale = sql`${t.expiresAt} <= now()`;
    const rows = await this.db.insert(t)
      .values({ key: this.crypto.mac(`rate-limit:${key}`), hits: 1, expiresAt: sql`now() + ${windowMs} * interval '1 millisecond'` })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          hits: sql`case when ${stale} then 1 else ${t.hits} + 1 end`,
          expiresAt: sql`case when ${stale} then excluded.expires_at else ${t.expiresAt} end`,
        },
      })
      .returning({ hits: t.hits, ttlMs: sql<string>`ceil(extract(epoch from (${t.expiresAt} - now())) * 1000)` });
    const row = rows[0];
    if (!row) throw new Error('rate-limit upsert returned no row');
    this.purgeNowAndThen();
    return { hits: row.hits, ttlMs: Math.max(0, Number(row.ttlMs)) };
  }

  /** Delete expired counters; returns how many went. */
  async purge(): Promise<number> {
    const gone = await this.db.delete(s.rateLimits).where(lt(s.rateLimits.expiresAt, sql`now()`)).returning({ key: s.rateLimits.key });
    return gone.length;
  }

  private purgeNowAndThen(): void {
    const now = Date.now(); // elapsed time between purges, not a time anything records
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    // Not awaited: a request does not wait for housekeeping; a failure is retried a minute later.
    this.purge().catch(() => undefined);
  }
}
