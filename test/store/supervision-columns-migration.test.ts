/**
 * Migration 0013_supervision_columns on a database made by the earlier version: the 督办 columns
 * are filled from each stored record's unanswered supervision orders (an answered one counts for
 * nobody), and the dashboard's conditions then find them through the new GIN indexes.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { resultRows } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { registerCase } from '../support/domain-fixtures.js';
import { MIGRATIONS, database, migrationsBefore } from '../support/migrations.js';

const TAG = '0013_supervision_columns';
const order = (no: number, organId: string, targetOrganId: string, answeredOn: string | null) =>
  ({ no, organId, targetOrganId, reason: '督办', issuedOn: '2026-03-02', dueOn: '2026-03-16', answeredOn, answer: answeredOn ? '已办理' : null });

describe(`migration ${TAG} on existing data`, () => {
  it('fills supervised_organ_ids and supervising_organ_ids from the unanswered orders of each record', async () => {
    const { db, migrate } = await database();
    await migrate(migrationsBefore(TAG));
    const rows = [
      { id: 'sv-open', supervisions: [order(1, 'county-xfj', 'county-rsj', null)] },
      { id: 'sv-answered', supervisions: [order(1, 'county-xfj', 'county-rsj', '2026-03-10')] },
      { id: 'sv-two', supervisions: [order(1, 'city-xfj', 'county', '2026-03-10'), order(2, 'county-xfj', 'county-zjj', null), order(3, 'city-xfj', 'county-zjj', null)] },
      { id: 'sv-none', supervisions: [] },
    ];
    for (const r of rows) {
      const c = registerCase('xfj_clerk', { organsConcerned: ['county-rsj'] }, { id: r.id });
      const record = { ...c, supervisions: r.supervisions };
      await db.execute(sql`insert into cases (id, number, state, open, profile_id, registrar_organ_id, holder_organ_id, acting_organ_id, received_on, channel, kind, title, simplified, record, version)
        values (${r.id}, ${`N-${r.id}`}, 'handling', true, ${c.profileId}, 'county-xfj', 'county-rsj', 'county-rsj', ${c.content.receivedOn}, ${c.content.channel}, 'claim', ${c.content.title}, false, ${JSON.stringify(record)}::jsonb, 1)`);
    }
    await migrate(MIGRATIONS);
    const got = await db.select({ id: s.cases.id, to: s.cases.supervisedOrganIds, by: s.cases.supervisingOrganIds }).from(s.cases);
    const sorted = (xs: string[]) => [...xs].sort();
    expect(Object.fromEntries(got.map((g) => [g.id, { to: sorted(g.to), by: sorted(g.by) }]))).toEqual({
      'sv-open': { to: ['county-rsj'], by: ['county-xfj'] },
      'sv-answered': { to: [], by: [] },
      'sv-two': { to: ['county-zjj'], by: ['city-xfj', 'county-xfj'] },
      'sv-none': { to: [], by: [] },
    });
    const idx = await db.execute(sql`select indexdef from pg_indexes where schemaname = current_schema() and indexname in ('cases_supervised_idx', 'cases_supervising_idx', 'case_events_action_on_idx') order by indexname`);
    const defs = resultRows<{ indexdef: string }>(idx).map((r) => r.indexdef.replace(/^.* USING /, ''));
    expect(defs).toEqual(['btree (action, "on")', 'gin (supervised_organ_ids)', 'gin (supervising_organ_ids)']);
  }, 120_000);
});
