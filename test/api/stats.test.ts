/**
 * The indicators API against a brute force: the demo's case histories are registered and walked
 * through the case service (so the facts are those its transactions write), then for random users,
 * organs of their scope, periods and filters (fast-check) every figure of GET /api/stats/indicators
 * is recomputed here from the stored case records by the definitions of workflow.md §6 — written
 * apart from src/domain/stats — and compared. The lists behind a figure add up to it; the
 * subordinates' figures add up to their parent's; the rebuild after an upgrade gives the same rows.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type ReferenceSnapshot } from '../../src/app/reference-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedDemoCases } from '../../src/demo/seed-cases.js';
import { canSeeCase, scopeOrganIds } from '../../src/domain/access/case-visibility.js';
import { addDays, daysBetween } from '../../src/domain/calendar/dates.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import type { StaffUser } from '../../src/domain/model/user.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { resultRows } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';

const TODAY = '2026-11-20';
const EVALUATION_DAYS = 30; // the national profile's, which every demo organ uses
const clock = new FakeClock(TODAY);
const crypto = new FieldCrypto(TEST_KEYRING);
let srv: Awaited<ReturnType<typeof testServer>>;
let snap: ReferenceSnapshot;
let records: CaseRecord[];

beforeAll(async () => {
  srv = await testServer(clock);
  await seedDemoCases(srv.database, { count: 120, crypto, today: TODAY });
  snap = await loadReference(srv.database.db);
  records = await storedRecords();
}, 300_000);
const storedRecords = async () => (await srv.database.db.select({ record: s.cases.record }).from(s.cases)).map((r) => r.record);
afterAll(async () => {
  await srv.close();
});

// ——— the brute force: the definitions, from the records ———

interface Counted { day: string; hit: boolean; organ: string; c: CaseRecord }
interface Query { organIds: Set<string>; from: string; to: string; channel?: string; categoryCode?: string }

/** A duty (a clock) as workflow.md counts it: met if stopped by its last day; else late from the day after. */
function duty(c: CaseRecord, kinds: string[]): Counted[] {
  return c.clocks.filter((k) => kinds.includes(k.kind)).flatMap((k): Counted[] => {
    if (k.stoppedOn && (!k.due || k.stoppedOn <= k.due)) return [{ day: k.stoppedOn, hit: true, organ: k.organId, c }];
    return k.due ? [{ day: addDays(k.due, 1), hit: false, organ: k.organId, c }] : [];
  });
}

function allCounted(c: CaseRecord): Record<string, Counted[]> {
  const petition = (hit: boolean) => [{ day: c.content.receivedOn, hit, organ: c.registrarOrganId, c }];
  const served = c.opinions.map((o, i) => ({ o, i })).filter(({ o }) => o.servedOn);
  return {
    timelyAcceptance: duty(c, ['routing', 'acceptance']),
    onTimeCompletion: duty(c, ['handling', 'review_decision', 'rereview_decision']),
    evaluationRate: served.map(({ o, i }) => {
      const e = c.evaluations.find((x) => x.opinionIndex === i);
      return { day: e ? e.on : addDays(o.servedOn!, EVALUATION_DAYS + 1), hit: Boolean(e), organ: o.organId, c };
    }),
    satisfaction: c.evaluations.map((e) => ({ day: e.on, hit: e.result !== 'unsatisfied', organ: c.opinions[e.opinionIndex]!.organId, c })),
    repeatRate: petition(c.content.linkedCaseIds.length > 0 || c.state === 'merged'),
    onlineShare: petition(c.content.channel === 'online'),
    visits: petition(c.content.channel === 'visit'),
    accepted: c.acceptedOn ? [{ day: c.acceptedOn, hit: true, organ: c.clocks.find((k) => k.kind === 'handling' && k.start === c.acceptedOn)?.organId ?? c.holderOrganId, c }] : [],
    opinions: c.opinions.map((o) => ({ day: o.issuedOn, hit: true, organ: o.organId, c })),
  };
}

function bruteForce(q: Query) {
  const matches = (x: Counted) => q.organIds.has(x.organ) && x.day >= q.from && x.day <= q.to && x.day <= TODAY
    && (!q.channel || x.c.content.channel === q.channel) && (!q.categoryCode || (x.c.content.categoryCode ?? '').startsWith(q.categoryCode));
  const sums = new Map<string, { n: number; d: number; days: number[] }>();
  for (const c of records) {
    for (const [name, xs] of Object.entries(allCounted(c))) {
      const t = sums.get(name) ?? { n: 0, d: 0, days: [] };
      for (const x of xs.filter(matches)) {
        t.d++;
        if (x.hit) t.n++;
        const o = name === 'opinions' ? c.opinions.find((op) => op.issuedOn === x.day && op.organId === x.organ && op.stage === 'handling') : undefined;
        if (o) t.days.push(daysBetween(c.content.receivedOn, o.issuedOn));
      }
      sums.set(name, t);
    }
  }
  const r = (name: string) => {
    const t = sums.get(name)!;
    return { numerator: t.n, denominator: t.d, value: t.d ? Math.round((t.n / t.d) * 10000) / 10000 : null };
  };
  const filtered = (c: CaseRecord) => (!q.channel || c.content.channel === q.channel) && (!q.categoryCode || (c.content.categoryCode ?? '').startsWith(q.categoryCode));
  const runningLate = records.filter(filtered).flatMap((c) => c.clocks.filter((k) => ['handling', 'review_decision', 'rereview_decision'].includes(k.kind)
    && !k.stoppedOn && k.due && k.due < TODAY && q.organIds.has(k.organId)));
  const opinionDays = sums.get('opinions')!.days;
  return {
    indicators: Object.fromEntries(['timelyAcceptance', 'onTimeCompletion', 'evaluationRate', 'satisfaction', 'repeatRate', 'onlineShare'].map((n) => [n, r(n)])),
    counts: {
      registered: sums.get('onlineShare')!.d, visits: sums.get('visits')!.n, accepted: sums.get('accepted')!.d, opinions: sums.get('opinions')!.d,
      backlog: runningLate.length, overdueOpen: 0, // set from the cases' columns by the caller (overdueOpenOf)
    },
    avgHandlingDays: opinionDays.length ? Math.round((opinionDays.reduce((a, b) => a + b, 0) / opinionDays.length) * 10) / 10 : null,
  };
}

/** Open cases past their next due date, by the organ that must act — read from the cases' own columns. */
async function overdueOpenOf(organIds: Set<string>, channel?: string, categoryCode?: string): Promise<number> {
  const rows = await srv.database.db.select({ acting: s.cases.actingOrganId, channel: s.cases.channel, category: s.cases.categoryCode })
    .from(s.cases).where(sql`${s.cases.open} and ${s.cases.nextDue} < ${TODAY}`);
  return rows.filter((r) => organIds.has(r.acting) && (!channel || r.channel === channel) && (!categoryCode || (r.category ?? '').startsWith(categoryCode))).length;
}

function staffUser(username: string): StaffUser {
  return [...snap.users.values()].find((x) => x.username === username)!;
}

interface Answer {
  organId: string; organName: string; from: string; to: string; indicators: Record<string, { numerator: number; denominator: number; value: number | null }>;
  counts: Record<string, number>; avgHandlingDays: number | null; incomplete: boolean;
  children?: (Omit<Answer, 'children'> & { organName: string; self?: boolean })[];
  previous?: { from: string; to: string }; lastYear?: { from: string; to: string };
}
const get = async <T>(user: string, url: string): Promise<T> => {
  const r = await srv.as(user, 'GET', url);
  expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
  return r.json<T>();
};
const qs = (o: Record<string, string | number | undefined>) => Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');

const USERS = ['xfj_officer', 'xian_handler', 'rsj_handler', 'gj_officer', 'shi_xfj_officer', 'rsj_leader'];
const dayArb = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2024-01-01', n));

describe('indicators', () => {
  it('the demo data has something to count in every indicator', async () => {
    const a = await get<Answer>('shi_xfj_officer', `/api/stats/indicators?${qs({ from: '2024-01-01', to: TODAY })}`);
    for (const [name, r] of Object.entries(a.indicators)) expect(r.denominator, name).toBeGreaterThan(0);
    expect(a.indicators.timelyAcceptance!.numerator).toBeLessThan(a.indicators.timelyAcceptance!.denominator + 1);
    expect(a.incomplete).toBe(false);
  });

  it('every figure equals the brute force over the stored cases, for any user, organ of their scope, period and filter', async () => {
    const categories = [...new Set(records.map((c) => c.content.categoryCode).filter((x): x is string => Boolean(x)))];
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...USERS), fc.nat(), dayArb, dayArb, fc.option(fc.constantFrom('online', 'letter', 'visit', 'phone'), { nil: undefined }),
      fc.option(fc.constantFrom(...categories.map((c) => c.slice(0, 2)), ...categories), { nil: undefined }),
      async (username, organPick, a, b, channel, categoryCode) => {
        const user = staffUser(username);
        const scope = scopeOrganIds(user, snap.organs);
        const organId = scope[organPick % scope.length]!;
        const [from, to] = a <= b ? [a, b] : [b, a];
        const got = await get<Answer>(username, `/api/stats/indicators?${qs({ organId, from, to, channel, categoryCode })}`);
        const organIds = new Set(snap.organs.subtreeIds(organId).filter((x) => scope.includes(x)));
        const want = bruteForce({ organIds, from, to, channel, categoryCode });
        want.counts.overdueOpen = await overdueOpenOf(organIds, channel, categoryCode);
        expect({ indicators: got.indicators, counts: got.counts, avgHandlingDays: got.avgHandlingDays }).toEqual(want);
      },
    ), { numRuns: 40 });
  }, 240_000);

  it('for random case histories (the demo generator from random seeds, added to the data), every figure still equals the brute force', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2_000_000_000 }), fc.constantFrom(...USERS), dayArb, dayArb, async (seed, username, a, b) => {
      const added = await seedDemoCases(srv.database, { count: 20, crypto, today: TODAY, seed });
      records = await storedRecords();
      expect(added).toBeGreaterThan(0);
      const user = staffUser(username);
      const scope = scopeOrganIds(user, snap.organs);
      const organId = scope[0]!;
      const [from, to] = a <= b ? [a, b] : [b, a];
      for (const period of [{ from: '2024-01-01', to: TODAY }, { from, to }]) {
        const got = await get<Answer>(username, `/api/stats/indicators?${qs({ organId, ...period })}`);
        const organIds = new Set(snap.organs.subtreeIds(organId).filter((x) => scope.includes(x)));
        const want = bruteForce({ organIds, ...period });
        want.counts.overdueOpen = await overdueOpenOf(organIds);
        expect({ indicators: got.indicators, counts: got.counts, avgHandlingDays: got.avgHandlingDays }, `seed ${seed}, ${username}, ${period.from}–${period.to}`).toEqual(want);
      }
    }), { numRuns: 6 });
  }, 300_000);

  it('by=child: each direct subordinate (and the organ itself) adds up to the whole', async () => {
    const a = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ organId: 'county', from: '2024-01-01', to: TODAY, by: 'child' })}`);
    expect(a.children!.length).toBeGreaterThan(3);
    for (const key of Object.keys(a.counts)) expect(a.children!.reduce((n, c) => n + c.counts[key]!, 0), key).toBe(a.counts[key]);
    for (const key of Object.keys(a.indicators)) {
      expect(a.children!.reduce((n, c) => n + c.indicators[key]!.denominator, 0), key).toBe(a.indicators[key]!.denominator);
    }
  });

  it('compare: 环比 is the period before, 同比 the same period a year earlier', async () => {
    const a = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ from: '2026-03-01', to: '2026-05-31', compare: 'true' })}`);
    expect(a.previous).toMatchObject({ from: '2025-12-01', to: '2026-02-28' });
    expect(a.lastYear).toMatchObject({ from: '2025-03-01', to: '2025-05-31' });
  });

  it('refuses what the user may not see, and a bad period, with a stable code', async () => {
    const outside = await srv.as('gj_officer', 'GET', `/api/stats/indicators?${qs({ organId: 'city', from: '2026-01-01', to: TODAY })}`);
    expect([outside.statusCode, outside.json<{ code: string }>().code]).toEqual([403, 'ORGAN_NOT_ALLOWED']);
    const admin = await srv.as('admin', 'GET', `/api/stats/indicators?${qs({ from: '2026-01-01', to: TODAY })}`);
    expect([admin.statusCode, admin.json<{ code: string }>().code]).toEqual([403, 'FORBIDDEN']);
    const reversed = await srv.as('xfj_officer', 'GET', `/api/stats/indicators?${qs({ from: '2026-02-01', to: '2026-01-01' })}`);
    expect([reversed.statusCode, reversed.json<{ code: string }>().code]).toEqual([400, 'PERIOD_INVALID']);
    const unknown = await srv.as('shi_xfj_officer', 'GET', `/api/stats/indicators?${qs({ organId: 'no-such-organ', from: '2026-01-01', to: TODAY })}`);
    expect([unknown.statusCode, unknown.json<{ code: string }>().code]).toEqual([422, 'ORGAN_NOT_FOUND']);
    const badDate = await srv.as('xfj_officer', 'GET', '/api/stats/indicators?from=2026-13-01&to=2026-12-31');
    expect(badDate.statusCode).toBe(400);
  });
});

describe('months, distribution and the Excel file', () => {
  const period = { from: '2025-01-01', to: '2026-10-31' };
  it('the months add up to the period, and the distribution to its registrations', async () => {
    const whole = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs(period)}`);
    const { months } = await get<{ months: (Answer & { month: string })[] }>('xfj_officer', `/api/stats/indicators/monthly?${qs(period)}`);
    expect(months.map((m) => m.month)).toHaveLength(22);
    expect(months[0]!.month).toBe('2025-01');
    for (const key of ['registered', 'visits', 'accepted', 'opinions']) expect(months.reduce((n, m) => n + m.counts[key]!, 0), key).toBe(whole.counts[key]);
    for (const key of Object.keys(whole.indicators)) {
      expect(months.reduce((n, m) => n + m.indicators[key]!.numerator, 0), key).toBe(whole.indicators[key]!.numerator);
      expect(months.reduce((n, m) => n + m.indicators[key]!.denominator, 0), key).toBe(whole.indicators[key]!.denominator);
    }
    for (const dimension of ['channel', 'category', 'region']) {
      const parts = await get<{ key: string | null; registered: number; visits: number }[]>('xfj_officer', `/api/stats/breakdown?${qs({ ...period, dimension })}`);
      expect(parts.reduce((n, p) => n + p.registered, 0), dimension).toBe(whole.counts.registered);
      expect(parts.reduce((n, p) => n + p.visits, 0), dimension).toBe(whole.counts.visits);
    }
  });

  it('by region: the county\'s townships, each counted from the records, named from the region data', async () => {
    const user = staffUser('xfj_officer');
    const scope = new Set(scopeOrganIds(user, snap.organs));
    const parts = await get<{ key: string | null; registered: number; name?: string }[]>('xfj_officer', `/api/stats/breakdown?${qs({ ...period, dimension: 'region' })}`);
    const want = new Map<string | null, number>();
    for (const c of records) {
      if (!scope.has(c.registrarOrganId) || c.content.receivedOn < period.from || c.content.receivedOn > period.to) continue;
      const code = c.content.regionCode;
      const key = code && code.length >= 9 && code.startsWith('360731') ? code.slice(0, 9) : null;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    expect(new Map(parts.map((p) => [p.key, p.registered]))).toEqual(want);
    expect(parts.filter((p) => p.key).length).toBeGreaterThan(1);
    expect(parts.find((p) => p.key === '360731100')?.name).toBe('贡江镇');
  });

  it('regionBreakdown: codes cut to the level below the territory, by a hand-written table', async () => {
    const { regionBreakdown } = await import('../../src/app/stats-service.js');
    const rows = [
      { code: '360731100001', registered: 3, visits: 1 }, { code: '360731100', registered: 2, visits: 0 }, { code: '360731101002', registered: 4, visits: 2 },
      { code: '360731', registered: 5, visits: 1 }, { code: null, registered: 1, visits: 0 }, { code: '360732100', registered: 7, visits: 0 },
    ];
    expect(regionBreakdown(rows, '360731')).toEqual([
      { key: '360732100', registered: 7, visits: 0, name: '潋江镇' },
      { key: null, registered: 6, visits: 1 },
      { key: '360731100', registered: 5, visits: 1, name: '贡江镇' },
      { key: '360731101', registered: 4, visits: 2, name: '铁山垅镇' },
    ]);
    // From a city (3607): counties; a province (36): cities.
    expect(regionBreakdown(rows, '360700').map((r) => [r.key, r.registered])).toEqual([['360731', 14], ['360732', 7], [null, 1]]);
    expect(regionBreakdown(rows, '360000').map((r) => [r.key, r.registered])).toEqual([['3607', 21], [null, 1]]);
  });

  it('the Excel file carries the same figures as the API, the organ and each subordinate', async () => {
    const a = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ ...period, by: 'child', compare: 'true' })}`);
    const r = await srv.as('xfj_officer', 'GET', `/api/stats/indicators/export?${qs({ ...period, compare: 'true' })}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('统计指标'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    const col = (label: string) => header.indexOf(label) + 1;
    const total = ws.getRow(4);
    expect(total.getCell(col('登记')).value).toBe(a.counts.registered);
    expect(total.getCell(col('按期办结率')).value).toBe(a.indicators.onTimeCompletion!.value);
    expect(total.getCell(col('满意率分母（已评价）')).value).toBe(a.indicators.satisfaction!.denominator);
    expect(ws.rowCount).toBe(3 + 1 + a.children!.length + 2 + 1);
    // The last row: the targets of the national profile (100% for the two duties), the rest blank.
    const targets = ws.getRow(ws.rowCount);
    expect(targets.getCell(1).value).toContain('目标值');
    expect(targets.getCell(col('按期办结率')).value).toBe(1);
    expect(targets.getCell(col('满意率')).value).toBeNull();
    a.children!.forEach((c, i) => {
      expect(ws.getRow(5 + i).getCell(1).value).toBe(c.organName);
      expect(ws.getRow(5 + i).getCell(col('及时受理率分子（按期受理（含按期转送交办））')).value).toBe(c.indicators.timelyAcceptance!.numerator);
    });
  });
});

describe('the monthly bulletin (月通报)', () => {
  it('a Word file with the month, the figures, the units ranked by 按期办结率 and every overdue case listed', async () => {
    const month = { from: '2026-10-01', to: '2026-10-31' };
    const a = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ ...month, by: 'child' })}`);
    const r = await srv.as('xfj_officer', 'GET', '/api/stats/bulletin?month=2026-10');
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(r.rawPayload))['word/document.xml']!);
    const text = xml.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '');
    expect(text).toContain(`${a.organName}信访工作情况通报`);
    expect(text).toContain('2026年第10期');
    expect(text).toContain(`登记信访事项${a.counts.registered}件`);
    expect(text).toContain('按期办结率');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // The ranking: units in the order of their 按期办结率 (none due: last).
    const ranked = [...a.children!].sort((x, y) => (y.indicators.onTimeCompletion!.value ?? -1) - (x.indicators.onTimeCompletion!.value ?? -1));
    // In the table (its head starts 排名单位), not the paragraph above it, which names the units short of a target.
    const table = text.indexOf('排名单位', text.indexOf('二、各单位主要指标排名'));
    expect(table).toBeGreaterThan(0);
    const positions = ranked.map((u) => text.indexOf(u.organName, table));
    const best = ranked[0]!.indicators.onTimeCompletion!.value, worst = ranked.at(-1)!.indicators.onTimeCompletion!.value;
    if (best !== worst) expect(positions[0]!).toBeLessThan(positions.at(-1)!);
    // Every overdue open case of the scope is listed by its number.
    const overdue = await get<{ total: number; items: { number: string }[] }>('xfj_officer', `/api/stats/indicators/cases?${qs({ ...month, indicator: 'overdueOpen', pageSize: 200 })}`);
    expect(overdue.total).toBeGreaterThan(0);
    for (const c of overdue.items) expect(text).toContain(c.number);
    const bad = await srv.as('xfj_officer', 'GET', '/api/stats/bulletin?month=2026-13');
    expect(bad.statusCode).toBe(400);
  });
});

describe('the cases behind a figure', () => {
  const FIGURES: [string, 'numerator' | 'denominator'][] = [
    ['timelyAcceptance', 'numerator'], ['timelyAcceptance', 'denominator'], ['onTimeCompletion', 'numerator'], ['onTimeCompletion', 'denominator'],
    ['evaluationRate', 'denominator'], ['satisfaction', 'numerator'], ['onlineShare', 'numerator'], ['repeatRate', 'denominator'],
  ];
  it.each(USERS.slice(0, 4))('for %s: the list has as many rows as the figure, hidden ones counted, every shown case visible to the user', async (username) => {
    const user = staffUser(username);
    const period = { from: '2024-01-01', to: TODAY };
    const a = await get<Answer>(username, `/api/stats/indicators?${qs(period)}`);
    const byId = new Map(records.map((c) => [c.id, c]));
    for (const [name, part] of FIGURES) {
      const list = await get<{ total: number; hidden: number; items: { caseId: string; hit: boolean }[] }>(username,
        `/api/stats/indicators/cases?${qs({ ...period, indicator: name, part, pageSize: 200 })}`);
      expect(list.total, `${name} ${part}`).toBe(a.indicators[name]![part]);
      expect(list.items.length + list.hidden, `${name} ${part}`).toBe(Math.min(list.total, 200 + list.hidden));
      for (const it of list.items) {
        expect(canSeeCase(byId.get(it.caseId)!, user, snap.organs), it.caseId).toBe(true);
        if (part === 'numerator') expect(it.hit).toBe(true);
      }
    }
    for (const count of ['registered', 'accepted', 'opinions', 'backlog', 'overdueOpen']) {
      const list = await get<{ total: number }>(username, `/api/stats/indicators/cases?${qs({ ...period, indicator: count, pageSize: 1 })}`);
      expect(list.total, count).toBe(a.counts[count]);
    }
  });
});

describe('rebuild after an upgrade', () => {
  it('cases whose facts are older are rebuilt to the same rows, and the figures say so until then', async () => {
    const db = srv.database.db;
    const rows = async () => resultRows(await db.execute(sql`select case_id, kind, organ_id, "on"::text as on, hit, days from indicator_facts order by 1, 2, 3, 4, 5, 6`));
    const before = await rows();
    await db.execute(sql`update cases set facts_version = 0`);
    await db.execute(sql`delete from indicator_facts where case_id in (select id from cases order by id limit 50)`);
    const during = await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ from: '2024-01-01', to: TODAY })}`);
    expect(during.incomplete).toBe(true);
    expect(await srv.services.factsRebuild.run()).toBe(records.length);
    expect(await rows()).toEqual(before);
    expect((await get<Answer>('xfj_officer', `/api/stats/indicators?${qs({ from: '2024-01-01', to: TODAY })}`)).incomplete).toBe(false);
  });
});

describe('periods', () => {
  it('a month, a quarter, a year, and days: hand-written 环比 and 同比', async () => {
    const { previousPeriod, lastYearPeriod } = await import('../../src/domain/stats/indicators.js');
    const table: [string, string, string, string, string, string][] = [
      // period                   环比                        同比
      ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28', '2025-03-01', '2025-03-31'],
      ['2024-02-01', '2024-02-29', '2024-01-01', '2024-01-31', '2023-02-01', '2023-02-28'],
      ['2026-01-01', '2026-03-31', '2025-10-01', '2025-12-31', '2025-01-01', '2025-03-31'],
      ['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31', '2025-01-01', '2025-12-31'],
      ['2026-11-10', '2026-11-19', '2026-10-31', '2026-11-09', '2025-11-10', '2025-11-19'],
      ['2024-02-29', '2024-03-05', '2024-02-23', '2024-02-28', '2023-02-28', '2023-03-05'],
    ];
    for (const [from, to, pf, pt, yf, yt] of table) {
      expect(previousPeriod({ from, to }), `${from}–${to}`).toEqual({ from: pf, to: pt });
      expect(lastYearPeriod({ from, to }), `${from}–${to}`).toEqual({ from: yf, to: yt });
    }
  });
});

describe('targets and the evaluation window from the rules profile', () => {
  // Last in the file: it changes the national profile (and puts it back at the end).
  it('the answer carries the organ\'s targets; new targets reach the bulletin, a new window the open cases\' facts', async () => {
    const month = { from: '2026-10-01', to: '2026-10-31' };
    const before = await get<Answer & { targets: Record<string, { value: number | null; better: string }>; evaluationDays: number }>('xfj_officer', `/api/stats/indicators?${qs(month)}`);
    // The national profile, written out by hand: the law's 100% for its two duties, no other target.
    expect(before.targets).toEqual({
      timelyAcceptance: { value: 1, better: 'higher' }, onTimeCompletion: { value: 1, better: 'higher' }, evaluationRate: { value: null, better: 'higher' },
      satisfaction: { value: null, better: 'higher' }, repeatRate: { value: null, better: 'lower' }, onlineShare: { value: null, better: 'higher' },
    });
    expect(before.evaluationDays).toBe(EVALUATION_DAYS);

    const profiles = (await srv.as('admin', 'GET', '/api/profiles')).json<({ id: string; indicatorTargets: Record<string, number | null> } & Record<string, unknown>)[]>();
    const national = profiles.find((p) => p.id === 'national')!;
    const put = async (body: Record<string, unknown>) => {
      const r = await srv.as('admin', 'PUT', '/api/profiles/national', body);
      expect(r.statusCode, r.body).toBe(200);
      await srv.services.recompute.idle();
    };
    await put({ ...national, evaluationDays: 10, indicatorTargets: { ...national.indicatorTargets, satisfaction: 0.9, repeatRate: 0.05 } });
    try {
      const after = await get<Answer & { targets: Record<string, { value: number | null }>; evaluationDays: number }>('xfj_officer', `/api/stats/indicators?${qs({ ...month, by: 'child' })}`);
      expect(after.targets.satisfaction!.value).toBe(0.9);
      expect(after.targets.repeatRate!.value).toBe(0.05);
      expect(after.evaluationDays).toBe(10);

      // The bulletin says, per indicator with a target, whether it is met — decided here by hand.
      const r = await srv.as('xfj_officer', 'GET', '/api/stats/bulletin?month=2026-10');
      const text = strFromU8(unzipSync(new Uint8Array(r.rawPayload))['word/document.xml']!).replace(/<[^>]+>/g, '');
      const sat = after.indicators.satisfaction!.value;
      if (sat !== null) expect(text).toContain(`目标不低于90%，${sat >= 0.9 ? '达标' : '未达标'}`);
      const rep = after.indicators.repeatRate!.value;
      if (rep !== null) expect(text).toContain(`目标不高于5%，${rep <= 0.05 ? '达标' : '未达标'}`);
      expect(text).not.toContain('参评率目标');
      const short = after.children!.filter((u) => !u.self && u.indicators.onTimeCompletion!.value !== null && u.indicators.onTimeCompletion!.value < 1);
      if (short.length) {
        const sentence = text.slice(text.indexOf('按期办结率未达到目标（不低于100%）的单位：')).split('。')[0]!;
        for (const u of short) expect(sentence).toContain(u.organName);
      }

      // An open case's unevaluated opinion now counts against 参评率 on the 11th day after service;
      // a closed case keeps the window it was reported under (30 days).
      const stored = await srv.database.db.select({ id: s.cases.id, open: s.cases.open, record: s.cases.record }).from(s.cases);
      const facts = resultRows<{ case_id: string; on: string }>(await srv.database.db.execute(sql`select case_id, "on"::text as on from indicator_facts where kind = 'evaluation' and not hit`));
      let checked = 0;
      for (const { id, open, record } of stored) {
        const expected = record.opinions.filter((o, i) => o.servedOn && !record.evaluations.some((e) => e.opinionIndex === i))
          .map((o) => addDays(o.servedOn!, (open ? 10 : EVALUATION_DAYS) + 1)).sort();
        expect(facts.filter((f) => f.case_id === id).map((f) => f.on).sort(), id).toEqual(expected);
        if (open) checked += expected.length;
      }
      expect(checked, 'open cases with an unevaluated served opinion').toBeGreaterThan(0);
    } finally {
      await put(national);
    }
  });
});
