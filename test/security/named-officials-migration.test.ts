/**
 * Migration 0009_named_officials on a database made by the earlier version: the new column
 * cases.involved_user_ids is filled from each stored record (content.involvedUserIds), so an
 * accusation registered before the fix is hidden from the officials it names at once.
 * The database is migrated up to the migration before this one, rows are written as that version
 * wrote them (no such column), then the rest of the migrations run.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { visibleCasesWhere } from '../../src/app/case-scope-sql.js';
import { loadReference } from '../../src/app/reference-data.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import * as s from '../../src/store/schema.js';
import { registerCase } from '../support/domain-fixtures.js';
import { MIGRATIONS, database, migrationsBefore } from '../support/migrations.js';

const TAG = '0009_named_officials';

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
