/**
 * Migration 0023_recommended_organs on a database made by the earlier version: the column the
 * reminders find unanswered recommendations (三项建议) by is filled from each stored record — an
 * answered one counts for nobody, a record from before recommendations existed for nobody either.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { resultRows } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { registerCase } from '../support/domain-fixtures.js';
import { MIGRATIONS, database, migrationsBefore } from '../support/migrations.js';

const TAG = '0023_recommended_organs';
const rec = (no: number, targetOrganId: string, answeredOn: string | null) => ({
  no, type: 'improve_work', organId: 'county-xfj', targetOrganId, content: '建议改进工作', issuedOn: '2026-03-02', dueOn: '2026-03-16',
  answeredOn, adoption: answeredOn ? 'adopted' : null, feedback: answeredOn ? '已采纳' : null,
});

describe(`migration ${TAG} on existing data`, () => {
  it('fills recommended_organ_ids from the unanswered recommendations of each record', async () => {
    const { db, migrate } = await database();
    await migrate(migrationsBefore(TAG));
    const rows: { id: string; recommendations?: unknown[] }[] = [
      { id: 'rc-open', recommendations: [rec(1, 'county-rsj', null)] },
      { id: 'rc-answered', recommendations: [rec(1, 'county-rsj', '2026-03-10')] },
      { id: 'rc-two', recommendations: [rec(1, 'county', '2026-03-10'), rec(2, 'county-zjj', null), rec(3, 'county-zjj', null), rec(4, 'county', null)] },
      { id: 'rc-older' }, // stored before the field existed
    ];
    for (const r of rows) {
      const c = registerCase('xfj_clerk', { organsConcerned: ['county-rsj'] }, { id: r.id });
      const record = { ...c, ...(r.recommendations ? { recommendations: r.recommendations } : {}) };
      if (!r.recommendations) delete (record as { recommendations?: unknown }).recommendations;
      await db.execute(sql`insert into cases (id, number, state, open, profile_id, registrar_organ_id, holder_organ_id, acting_organ_id, received_on, channel, kind, title, simplified, record, version)
        values (${r.id}, ${`N-${r.id}`}, 'handling', true, ${c.profileId}, 'county-xfj', 'county-rsj', 'county-rsj', ${c.content.receivedOn}, ${c.content.channel}, 'claim', ${c.content.title}, false, ${JSON.stringify(record)}::jsonb, 1)`);
    }
    await migrate(MIGRATIONS);
    const got = await db.select({ id: s.cases.id, to: s.cases.recommendedOrganIds }).from(s.cases);
    expect(Object.fromEntries(got.map((g) => [g.id, [...g.to].sort()]))).toEqual({
      'rc-open': ['county-rsj'], 'rc-answered': [], 'rc-two': ['county', 'county-zjj'], 'rc-older': [],
    });
    const idx = await db.execute(sql`select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'cases_recommended_idx'`);
    expect(resultRows<{ indexdef: string }>(idx).map((r) => r.indexdef.replace(/^.* USING /, ''))).toEqual(['gin (recommended_organ_ids)']);
  }, 120_000);
});
