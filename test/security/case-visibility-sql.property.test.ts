/**
 * The data-scope rule is ONE rule: canSeeCase (TypeScript, single reads) and visibleCasesWhere (SQL,
 * every list, count, export, lookup and reminder) must keep exactly the same cases — for any case
 * (kind, state, holder, registrar, sender, accused organs, named officials, assignee) and any staff
 * member (every demo user, in each data scope). fast-check generates both; the rows are written with
 * the query columns computed from the record as CaseService writes them.
 */
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleCasesWhere } from '../../src/app/case-scope-sql.js';
import { loadReference, type ReferenceSnapshot } from '../../src/app/reference-data.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { canSeeCase } from '../../src/domain/access/case-visibility.js';
import { actingOrganId } from '../../src/domain/lifecycle/relations.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { CASE_STATES, TERMINAL_STATES } from '../../src/domain/model/case-states.js';
import type { DataScope, StaffUser } from '../../src/domain/model/user.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';
import { registerCase } from '../support/domain-fixtures.js';

let database: Database;
let snap: ReferenceSnapshot;
let organIds: string[];
let users: StaffUser[];
const TEMPLATE = registerCase('xfj_clerk');

beforeAll(async () => {
  database = await testDatabase();
  await seedReference(database.db);
  snap = await loadReference(database.db);
  organIds = snap.organs.all().map((o) => o.id);
  users = [...snap.users.values()];
}, 60_000);
afterAll(async () => {
  await database.close();
});

interface CaseSpec {
  kind: 'claim' | 'accusation'; state: CaseRecord['state']; holder: number; registrar: number; sender: number | null;
  accused: number[]; named: number[]; assignee: number | null;
}

const caseSpec: fc.Arbitrary<CaseSpec> = fc.record({
  kind: fc.constantFrom('claim' as const, 'accusation' as const),
  state: fc.constantFrom(...CASE_STATES),
  holder: fc.nat(), registrar: fc.nat(), sender: fc.option(fc.nat(), { nil: null }),
  accused: fc.array(fc.nat(), { maxLength: 2 }),
  named: fc.array(fc.nat(), { maxLength: 3 }),
  assignee: fc.option(fc.nat(), { nil: null }),
});

function build(spec: CaseSpec, i: number): CaseRecord {
  const organ = (n: number) => organIds[n % organIds.length]!;
  const user = (n: number) => users[n % users.length]!.id;
  return {
    ...TEMPLATE, id: `prop-${i}`, number: `P-${i}`, state: spec.state,
    holderOrganId: organ(spec.holder), registrarOrganId: organ(spec.registrar), senderOrganId: spec.sender === null ? null : organ(spec.sender),
    assigneeId: spec.assignee === null ? null : user(spec.assignee),
    content: {
      ...TEMPLATE.content, kind: spec.kind,
      accusedOrganIds: spec.kind === 'accusation' ? spec.accused.map(organ) : [],
      involvedUserIds: spec.named.map(user),
    },
  };
}

/** The query columns the scope rule reads, as CaseService.columns computes them from the record. */
function row(c: CaseRecord): typeof s.cases.$inferInsert {
  return {
    id: c.id, number: c.number, state: c.state, open: !TERMINAL_STATES.has(c.state), profileId: c.profileId,
    registrarOrganId: c.registrarOrganId, holderOrganId: c.holderOrganId, actingOrganId: actingOrganId(c, snap.organs),
    receivedOn: c.content.receivedOn, channel: c.content.channel, kind: c.content.kind, title: c.content.title, simplified: c.simplified,
    accusedOrganIds: c.content.accusedOrganIds, involvedUserIds: c.content.involvedUserIds, assigneeId: c.assigneeId, record: c, version: c.version,
  };
}

describe('canSeeCase ≡ visibleCasesWhere', () => {
  it('keep the same cases for any case and any user in any data scope, named officials included', async () => {
    let named = 0, namedHidden = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(caseSpec, { minLength: 1, maxLength: 12 }),
      fc.array(fc.record({ user: fc.nat(), scope: fc.constantFrom<DataScope>('organ', 'organ_and_subordinates', 'assigned'), namedIn: fc.nat() }), { minLength: 1, maxLength: 6 }),
      async (specs, viewers) => {
        const cases = specs.map(build);
        await database.db.delete(s.cases);
        await database.db.insert(s.cases).values(cases.map(row));
        for (const v of viewers) {
          const u = { ...users[v.user % users.length]!, dataScope: v.scope };
          // Make the viewer the named official of one of the cases now and then (random ids rarely hit).
          const target = cases[v.namedIn % cases.length]!;
          if (v.namedIn % 3 === 0) {
            target.content.involvedUserIds = [...target.content.involvedUserIds, u.id];
            await database.db.update(s.cases).set(row(target)).where(eq(s.cases.id, target.id));
          }
          const want = cases.filter((c) => canSeeCase(c, u, snap.organs)).map((c) => c.id).sort();
          const got = (await database.db.select({ id: s.cases.id }).from(s.cases).where(visibleCasesWhere(u, snap.organs))).map((r) => r.id).sort();
          expect(got, `${u.username} (${u.dataScope})`).toEqual(want);
          for (const c of cases) {
            if (c.content.kind !== 'accusation' || !c.content.involvedUserIds.includes(u.id)) continue;
            named++;
            if (!got.includes(c.id)) namedHidden++;
          }
        }
      },
    ), { numRuns: 60, seed: 20261207 });
    // The generator did reach named officials, and none of them saw the accusation naming them.
    expect(named).toBeGreaterThan(10);
    expect(namedHidden).toBe(named);
  }, 120_000);
});
