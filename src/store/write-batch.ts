/**
 * The writes of one step of a transaction sent as one statement: each query builder becomes a
 * data-modifying CTE (`WITH w0 AS (INSERT …), w1 AS (UPDATE …) SELECT …`). A case's registration
 * or action writes five to eight rows in as many tables; one round trip instead of one each is most
 * of what separates it from a bare insert (the bench: each round trip costs ~0.3 ms of the
 * server's and the driver's time, and the rows written after the case number's counter and the
 * audit lock are written while every other registration waits; docs/decisions/025).
 *
 * What PostgreSQL guarantees and requires of such a statement: the parts run on one snapshot and
 * do not see each other's rows (so no part may read what another writes, and no row may be
 * modified by two parts), while foreign keys and unique indexes are checked as for separate
 * statements (a child row may reference a parent inserted by another part).
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { resultRows } from './database.js';
import type { Tx } from './database.js';

export class WriteBatch {
  private readonly parts: { query: SQLWrapper; counted?: string }[] = [];

  /** A write (an insert, update or delete builder, or SQL) to send with the others. */
  add(query: SQLWrapper): void {
    this.parts.push({ query });
  }

  /**
   * A write whose returned rows flush() counts under `key` (the builder must end in .returning()):
   * an `ON CONFLICT DO NOTHING` that may have written nothing, an update that must touch N rows.
   */
  addCounted(key: string, query: SQLWrapper): void {
    this.parts.push({ query, counted: key });
  }

  get size(): number {
    return this.parts.length;
  }

  /** Send every write in one statement, in the order added; the counts of the counted ones. */
  async flush(tx: Tx): Promise<Map<string, number>> {
    const parts = this.parts.splice(0);
    if (parts.length === 0) return new Map();
    const ctes = sql.join(parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p.query.getSQL()})`), sql`, `);
    const counted = parts.flatMap((p, i) => (p.counted === undefined ? [] : [[p.counted, i] as const]));
    const select = counted.length === 0
      ? sql`SELECT 1`
      : sql`SELECT ${sql.join(counted.map(([, i]) => sql.raw(`(SELECT count(*) FROM w${i})::int AS c${i}`)), sql`, `)}`;
    const row = resultRows<Record<string, number>>(await tx.execute(sql`WITH ${ctes} ${select}`))[0] ?? {};
    return new Map(counted.map(([key, i]) => [key, Number(row[`c${i}`])]));
  }
}
