/**
 * A database made by an earlier version: migrated up to the migration before the one under test
 * (a copy of the migrations folder whose journal stops there), rows written as that version wrote
 * them, then the rest of the migrations run. PGlite, or a fresh schema on DATABASE_URL.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, expect } from 'vitest';
import type { Db } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanups.reverse()) await f();
});

/** A copy of the migrations folder whose journal stops before this migration. */
export function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms-migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at, 'the migration is in the journal').toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database (PGlite, or a fresh schema on DATABASE_URL) and a function migrating it with a given folder. */
export async function database(): Promise<{ db: Db; migrate: (folder: string) => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = await PGlite.create('memory://');
    cleanups.push(() => client.close());
    const db = drizzlePglite(client, { schema: s }) as unknown as Db;
    return { db, migrate: (folder) => migratePglite(db as never, { migrationsFolder: folder }) };
  }
  const schemaName = `t_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schemaName}` });
  await pool.query(`CREATE SCHEMA ${schemaName}`);
  cleanups.push(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
    await pool.end();
  });
  const db = drizzlePg(pool, { schema: s }) as unknown as Db;
  return { db, migrate: (folder) => migratePg(db as never, { migrationsFolder: folder, migrationsSchema: `${schemaName}_migrations` }) };
}
