/**
 * The bench's data set (bench/seed-data.ts) is what the services would have written: every case
 * opens and answers through the case service, its columns say what its record says,
 * its events follow its versions, the audit chain verifies, and numbering continues after it.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBench, seededCount } from '../../bench/seed-data.js';
import { compose, type Services } from '../../src/compose.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { samplePetition } from '../support/petitions.js';
import { FakeClock, testDatabase } from '../support/db.js';

const crypto = new FieldCrypto(TEST_KEYRING);
/** The states that end a matter, written out by hand (办结, 不予受理, 不再受理, 导入法定途径, 告知向有权机关提出, 移交其他程序, 合并, and the served 复核意见 — final under Art 36 ¶3). */
const ENDED = ['closed', 'not_accepted', 'not_reaccepted', 'diverted', 'redirected', 'referred', 'merged', 'rereview_served'];
let database: Database;
let services: Services;
const N = 400;
beforeAll(async () => {
  database = await testDatabase();
  const report = await seedBench(database, { n: N, counties: 3, years: 1, today: '2026-11-30', crypto });
  expect(report.cases).toBe(N);
  services = compose(database, { crypto, clock: new FakeClock('2026-12-01') });
}, 180_000);
afterAll(async () => {
  await database.close();
});

describe('bench:seed', () => {
  it('writes N cases over three counties, in many states, marked as seeded', async () => {
    expect(await seededCount(database)).toBe(N);
    const states = await database.db.select({ state: s.cases.state, n: sql<number>`count(*)::int` }).from(s.cases).groupBy(s.cases.state);
    expect(states.reduce((a, r) => a + r.n, 0)).toBe(N);
    expect(states.length).toBeGreaterThanOrEqual(6);
    const organs = await database.db.selectDistinct({ organ: s.cases.registrarOrganId }).from(s.cases);
    expect(organs.some((o) => o.organ.startsWith('k1-')) && organs.some((o) => o.organ.startsWith('k2-'))).toBe(true);
  });

  it('stores each case as the case service does: columns from the record, one event per version, sealed personal data', async () => {
    const rows = await database.db.select().from(s.cases).orderBy(asc(s.cases.number)).limit(40);
    const snap = await services.ref.get();
    for (const row of rows) {
      // It opens through the service (the province's leader sees every county's cases).
      const detail = await services.cases.detail([...snap.users.values()].find((u) => u.username === 'sheng_leader')!, row.id);
      expect(detail.case.id).toBe(row.id);
      // The columns say what the record says (read from it here, not through the code that wrote them).
      const r = row.record;
      expect({
        number: row.number, state: row.state, open: row.open, holder: row.holderOrganId, registrar: row.registrarOrganId,
        receivedOn: row.receivedOn, channel: row.channel, title: row.title, version: row.version,
      }).toEqual({
        number: r.number, state: r.state, open: !ENDED.includes(r.state), holder: r.holderOrganId, registrar: r.registrarOrganId,
        receivedOn: r.content.receivedOn, channel: r.content.channel, title: r.content.title, version: r.version,
      });
      expect(JSON.stringify(row.record)).not.toMatch(/"idNumber":"\d{17}[\dX]"/);
      const events = await database.db.select({ seq: s.caseEvents.seq }).from(s.caseEvents)
        .where(eq(s.caseEvents.caseId, row.id)).orderBy(asc(s.caseEvents.seq));
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: row.version }, (_, i) => i + 1));
    }
  });

  it('leaves an audit chain that verifies, one entry per event', async () => {
    const v = await services.audit.verify(database.db);
    const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(s.caseEvents) as [{ n: number }];
    expect(v).toMatchObject({ ok: true, checked: n, headSeq: n });
  });

  it('numbering continues after the seed: the next registration takes the next number', async () => {
    const [last] = await database.db.select({ number: s.cases.number }).from(s.cases)
      .where(sql`${s.cases.number} like '360731-2026-%'`).orderBy(sql`${s.cases.number} desc`).limit(1);
    const clerk = [...(await services.ref.get()).users.values()].find((u) => u.username === 'xfj_clerk')!;
    const r = await services.cases.register(clerk, samplePetition({ receivedOn: '2026-12-01' }) as never);
    const seq = (x: string) => Number(x.split('-')[2]);
    expect(seq(r.case.number)).toBe(seq(last!.number) + 1);
  });
});
