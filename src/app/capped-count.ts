/**
 * How many cases a list holds, counted up to a cap. An exact count visits every matching row: a
 * province's ledger at a million cases would count them all for each page shown (bench/bench.ts).
 * Past the cap a list says "10,000 件以上" and pages on to the cap; exact figures are for the
 * statistics, which aggregate by organ and period.
 */
import { count, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';

/** Lists count their cases up to this many. */
export const TOTAL_CAP = 10_000;

/** `total` exact up to `cap`; past it, `total` is `cap` and `totalCapped` is true. */
export async function cappedCaseCount(db: Db, where: SQL, cap = TOTAL_CAP): Promise<{ total: number; totalCapped: boolean }> {
  const sub = db.select({ one: sql`1`.as('one') }).from(s.cases).where(where).limit(cap + 1).as('matching');
  const [row] = await db.select({ n: count() }).from(sub);
  const n = row?.n ?? 0;
  return n > cap ? { total: cap, totalCapped: true } : { total: n, totalCapped: false };
}
