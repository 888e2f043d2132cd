/**
 * Many rows of one table in one statement: each column sent as one text array and cast back to
 * its type (`INSERT … SELECT … FROM unnest($1::text[], …)`), the values encoded by the table's own
 * drizzle columns. Building a multi-row VALUES list through drizzle's query builder took most of
 * the seed's time; this takes one parameter per column whatever the number of rows.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './database.js';

/** A PostgreSQL array literal of text elements (the elements quoted and escaped). */
function arrayLiteral(xs: readonly unknown[]): string {
  return `{${xs.map((x) => (x === null ? 'NULL' : `"${scalar(x).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** A driver value as text: dates in ISO 8601, objects as JSON (jsonb), the rest as PostgreSQL reads them. */
function scalar(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function encode(col: PgColumn, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const driver = col.mapToDriverValue(v);
  return Array.isArray(driver) ? arrayLiteral(driver) : scalar(driver);
}

export async function bulkInsert<T extends PgTable>(tx: Tx, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(([key]) => key in first);
  const params: SQL[] = columns.map(([key, col]) => sql`${sql.param(rows.map((r) => encode(col, (r as Record<string, unknown>)[key])))}::text[]`);
  const names = sql.raw(columns.map(([, col]) => `"${col.name}"`).join(', '));
  const aliases = columns.map((_, i) => `c${i}`);
  const casts = sql.raw(columns.map(([, col], i) => `c${i}::${col.getSQLType()}`).join(', '));
  await tx.execute(sql`INSERT INTO ${sql.identifier(getTableName(table))} (${names})
    SELECT ${casts} FROM unnest(${sql.join(params, sql`, `)}) AS u(${sql.raw(aliases.join(', '))})`);
}
