/**
 * Migration 0009_named_officials on a database made by the earlier version: the new column
 * cases.involved_user_ids is filled from each stored record (content.involvedUserIds), so an
 * accusation registered before the fix is hidden from the officials it names at once.
 * The database is migrated up to the migration before this one, rows are written as that version
 * wrote them (no such column), then the rest of the migrations run.
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
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { visibleCasesWhere } from '../../src/app/case-scope-sql.js';
import { loadReference } from '../../src/app/reference-data.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import type { Db } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { registerCase } from '../support/domain-fixtures.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const TAG = '0009_named_officials';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanups.reverse()) await f();
});

/** A copy of the migrations folder whose journal stops before this migration. */
function migrationsBefore(tag: string): string {
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
async function database(): Promise<{ db: Db; migrate: (folder: string) => Promise<void> }> {
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

describe(`migration ${TAG} on existing data`, () => {
  it('fills involved_user_ids from the stored records, and the scope rule then hides the accusation from the named official', async () => {
    const { db, migrate } = await database();
    await migrate(migrationsBefore(TAG));
    // Rows as the earlier version wrote them: an accusation naming two officials, a claim naming one, one naming nobody.
    const rows = [
      { id: 'old-acc', kind: 'accusation' as const, named: ['u-rsj_handler', 'u-xfj_viewer'] },
      { id: 'old-claim', kind: 'claim' as const, named: ['u-rsj_handler'] },
      { id: 'old-none', kind: 'accusation' as const, named: [] },
    ];
    for (const r of rows) {
      const c = registerCase('xfj_clerk', { kind: r.kind, involvedUserIds: r.named, organsConcerned: ['county-rsj'] }, { id: r.id });
      const record = { ...c, holderOrganId: 'county-rsj', state: 'awaiting_acceptance' as const };
      await db.execute(sql`insert into cases (id, number, state, open, profile_id, registrar_organ_id, holder_organ_id, acting_organ_id, received_on, channel, kind, title, simplified, record, version)
        values (${r.id}, ${`N-${r.id}`}, 'awaiting_acceptance', true, ${c.profileId}, 'county-xfj', 'county-rsj', 'county-rsj', ${c.content.receivedOn}, ${c.content.channel}, ${r.kind}, ${c.content.title}, false, ${JSON.stringify(record)}::jsonb, 1)`);
    }
    await migrate(MIGRATIONS);
    // The organ tree and staff after the migrations: the seeder writes the current version's users
    // table (later migrations add columns to it); the cases above reference organs by id only.
    await seedReference(db);

    const got = await db.select({ id: s.cases.id, involved: s.cases.involvedUserIds }).from(s.cases);
    expect(Object.fromEntries(got.map((g) => [g.id, g.involved]))).toEqual({
      'old-acc': ['u-rsj_handler', 'u-xfj_viewer'], 'old-claim': ['u-rsj_handler'], 'old-none': [],
    });
    const snap = await loadReference(db);
    const visibleTo = async (username: string) => (await db.select({ id: s.cases.id }).from(s.cases)
      .where(visibleCasesWhere(snap.users.get(`u-${username}`)!, snap.organs))).map((r) => r.id).sort();
    expect(await visibleTo('rsj_handler')).toEqual(['old-claim', 'old-none']);
    expect(await visibleTo('rsj_leader')).toEqual(['old-acc', 'old-claim', 'old-none']);
    // The index the column carries.
    const idx = await db.execute(sql`select indexdef from pg_indexes where indexname = 'cases_involved_idx'`);
    expect(JSON.stringify(idx)).toMatch(/USING gin \(involved_user_ids\)/);
  }, 120_000);
});
