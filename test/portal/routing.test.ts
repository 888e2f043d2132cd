/**
 * Which petition office registers an online petition (issue 10, finding 9): the petition office
 * of the level that governs the place — the organ tree's level, not the length of a region code
 * (province, city and county codes are all 6 digits) — or of the organ concerned when that is
 * higher (Art 22 (1)(2): 属地管理、分级负责); an accusation never lands inside the organ it
 * accuses (Art 30 ¶3: 不得将……材料转给被检举、揭发的人员或者单位), so it goes one level up.
 *
 * The expected offices are written by hand from the demo tree (src/demo/organ-tree.ts):
 * 江西省(360000) → 赣州市(360700) → 于都县(360731) → 铁山垅镇(360731101) → 黄麟村(360731101201).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { portalServer, publicPetition } from './support.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof portalServer>>;

beforeAll(async () => {
  srv = await portalServer(clock);
});
afterAll(async () => {
  await srv.close();
});

// [level of the place, region, organ concerned (or none), office that must register it]
const CLAIMS: [string, string, string | undefined, string][] = [
  ['province', '360000', undefined, '江西省信访局'],
  ['province', '360000', 'prov-rst', '江西省信访局'],
  ['city', '360700', undefined, '赣州市信访局'],
  ['city', '360700', 'city-rsj', '赣州市信访局'],
  ['county', '360731', undefined, '于都县信访局'],
  ['county', '360731', 'county-rsj', '于都县信访局'],
  ['county', '360731', 'county', '于都县信访局'],
  ['township', '360731101', undefined, '铁山垅镇信访办'],
  ['township', '360731101', 'town-tsl', '铁山垅镇信访办'],
  ['township (organ concerned higher: the county)', '360731101', 'county-rsj', '于都县信访局'],
  ['village (no office: its township governs it)', '360731101201', undefined, '铁山垅镇信访办'],
  ['village', '360731101201', 'vil-tsl-1', '铁山垅镇信访办'],
  ['village (organ concerned higher: the city)', '360731101201', 'city-zjj', '赣州市信访局'],
];

// [accused organ's level, region, accused organ, office that must register it]
const ACCUSATIONS: [string, string, string, string][] = [
  ['province department', '360000', 'prov-rst', '江西省信访局'],
  ['city department', '360700', 'city-zjj', '赣州市信访局'],
  ['city government (its office is inside it: one level up)', '360700', 'city', '江西省信访局'],
  ['county department', '360731', 'county-zjj', '于都县信访局'],
  ['county government', '360731', 'county', '赣州市信访局'],
  ['county petition bureau itself', '360731', 'county-xfj', '赣州市信访局'],
  ['county department, from a village', '360731101201', 'county-zjj', '于都县信访局'],
  ['township government', '360731101', 'town-tsl', '于都县信访局'],
  ['township government, from one of its villages', '360731101201', 'town-tsl', '于都县信访局'],
  ['village committee', '360731101201', 'vil-tsl-1', '铁山垅镇信访办'],
];

const person = { kind: 'person', name: '钟德福', idNumber: '360731197805120015', phone: '13907971234' };

describe('portal routing by the organ tree level (finding 9)', () => {
  it.each(CLAIMS)('a claim for a %s region (%s, organ %s) goes to %s', async (_level, regionCode, organConcernedId, office) => {
    const r = await srv.submit({ kind: 'claim', regionCode, organConcernedId, petitioner: person });
    expect(r.office).toBe(office);
  });

  it.each(ACCUSATIONS)('an accusation against a %s (%s, %s) goes to %s, never inside the accused', async (_level, regionCode, accused, office) => {
    const r = await srv.submit({ kind: 'accusation', title: '反映工作人员索要好处费', regionCode, organConcernedId: accused, petitioner: person });
    expect(r.office).toBe(office);
  });

  it('an accusation against the provincial government has no office above it here: 422 with where to go, nothing saved', async () => {
    const [before] = await srv.database.db.select({ n: count() }).from(s.cases);
    const r = await srv.app.inject({
      method: 'POST', url: '/api/public/petitions', headers: { 'idempotency-key': 'acc-prov-0001' },
      payload: publicPetition({ kind: 'accusation', regionCode: '360000', organConcernedId: 'prov', petitioner: person }) as never,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'ACCUSATION_NO_OFFICE' });
    expect(r.json().message).toContain('纪检监察');
    const [after] = await srv.database.db.select({ n: count() }).from(s.cases);
    expect(after!.n).toBe(before!.n);
  });

  it('the organs offered for a county region list the county first, then city and province (nearest first)', async () => {
    const organs = (await srv.app.inject({ method: 'GET', url: '/api/public/organs?regionCode=360731' })).json<{ id: string }[]>();
    const governments = organs.map((o) => o.id).filter((id) => ['county', 'city', 'prov'].includes(id));
    expect(governments).toEqual(['county', 'city', 'prov']);
  });
});
