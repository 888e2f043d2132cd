/** The API's promises: idempotent creation, clear errors that change nothing, the calendar endpoint, OpenAPI. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, testServer } from '../support/db.js';
import { officialNotices } from '../fixtures/official-holiday-notices.js';
import { samplePetition as petition } from '../support/petitions.js';

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

describe('creation with an idempotency key', () => {
  it('returns the first case for a retried submission and never makes a second', async () => {
    const body = { petition: petition({ receivedOn: '2026-03-02' }) };
    const key = { 'idempotency-key': 'retry-test-00000001' };
    const a = await srv.as('xfj_clerk', 'POST', '/api/cases', body, key);
    const b = await srv.as('xfj_clerk', 'POST', '/api/cases', body, key);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json<{ case: { id: string } }>().case.id).toBe(a.json<{ case: { id: string } }>().case.id);
    expect(b.json<{ replayed: boolean }>().replayed).toBe(true);
    const queue = (await srv.as('xfj_officer', 'GET', '/api/cases')).json<{ items: unknown[] }>();
    expect(queue.items).toHaveLength(1);
  });

  it('concurrent retries still make one case', async () => {
    const body = { petition: petition({ receivedOn: '2026-03-02', title: '并发重试' }) };
    const key = { 'idempotency-key': 'retry-test-concurrent' };
    const rs = await Promise.all([1, 2, 3].map(() => srv.as('xfj_clerk', 'POST', '/api/cases', body, key)));
    const ids = new Set(rs.map((r) => r.json<{ case: { id: string } }>().case.id));
    expect(ids.size).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const key = { 'idempotency-key': 'retry-test-00000002' };
    await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02' }) }, key);
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-01' }) }, key);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  it('rejects a visit by 7 people without representatives (Art 20)', async () => {
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ channel: 'visit', headcount: 7, receivedOn: '2026-03-02' }) });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'REPRESENTATIVES_REQUIRED' });
    expect(r.json<{ message: string }>().message).toContain('不超过5名代表');
  });

  it('rejects a wrong ID checksum', async () => {
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02', petitioners: [{ kind: 'person', name: '甲', idNumber: '360731197805120012' }] }) });
    expect(r.json()).toMatchObject({ code: 'ID_NUMBER_INVALID' });
  });

  it('rejects a malformed body with a Chinese message and a stable code', async () => {
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: { title: 1 } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.json<{ message: string }>().message).toMatch(/请求参数不正确/);
  });

  it('refuses an action in the wrong state (409) and by the wrong organ (403), leaving the case as it was', async () => {
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    const wrongState = await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/accept`, { input: {} });
    expect(wrongState.statusCode).toBe(409);
    expect(wrongState.json()).toMatchObject({ code: 'STATE_NOT_ALLOWED' });
    const wrongRole = await srv.as('xfj_clerk', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json()).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    const toAccused = await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-jw' } });
    expect(toAccused.json()).toMatchObject({ code: 'DESTINATION_KIND_INVALID' });
    const detail = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}`)).json<{ case: { state: string; version: number } }>();
    expect(detail.case).toMatchObject({ state: 'registered', version: 1 });
    const stale = await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' }, expectedVersion: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('answers a case another organ may not see as if it did not exist', async () => {
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    const r = await srv.as('tsl_handler', 'GET', `/api/cases/${id}`);
    expect(r.statusCode).toBe(404);
    expect((await srv.as('tsl_handler', 'GET', '/api/cases/no-such-id')).statusCode).toBe(404);
  });

  it('requires a session', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/cases' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'AUTH_REQUIRED', message: '请先登录' });
    const bad = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_clerk', password: 'wrong' } });
    expect(bad.statusCode).toBe(401);
  });
});

describe('the available-actions query', () => {
  it('lists what the user may do now and why not the rest', async () => {
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    const list = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/actions`)).json<{ action: string; allowed: boolean; refusal: { code: string; message: string } | null }[]>();
    const allowed = list.filter((a) => a.allowed).map((a) => a.action).sort();
    expect(allowed).toEqual(expect.arrayContaining(['forward', 'assign', 'forward_political_legal', 'forward_discipline', 'report_major', 'apply_simplified', 'declare_conflict']));
    expect(allowed).not.toContain('accept');
    expect(list.find((a) => a.action === 'accept')?.refusal?.code).toBe('STATE_NOT_ALLOWED');
  });
});

describe('the queue', () => {
  it('a lapsed objection window does not make a waiting case overdue: the acceptance deadline does', async () => {
    clock.set('2026-09-01');
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-09-01' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    clock.set('2026-09-10'); // objection window (5 working days) ended 09-08; acceptance due 09-16
    const q = (await srv.as('rsj_handler', 'GET', '/api/cases')).json<{ items: { id: string; nextDue: string; overdue: boolean }[] }>();
    expect(q.items.find((i) => i.id === id)).toMatchObject({ nextDue: '2026-09-16', overdue: false });
    clock.set('2026-03-02');
  });
});

describe('calendar endpoint', () => {
  it('matches the official 2024–2026 notices day by day for 0 and 1 working days, and rolls calendar deadlines', async () => {
    for (const n of officialNotices) {
      const rest = new Set(n.holidays);
      const makeup = new Set(n.makeupWorkdays);
      // The day before every holiday: +1 calendar day lands on the holiday and must roll past it.
      for (const h of n.holidays.slice(0, 3)) {
        const start = new Date(Date.parse(h) - 86_400_000).toISOString().slice(0, 10);
        const r = await srv.app.inject({ method: 'GET', url: `/api/calendar/due-date?start=${start}&days=1&unit=calendar` });
        const due = r.json<{ due: string }>().due;
        expect(rest.has(due)).toBe(false);
        const wd = new Date(`${due}T00:00:00Z`).getUTCDay();
        expect(makeup.has(due) || (wd !== 0 && wd !== 6)).toBe(true);
      }
      for (const m of n.makeupWorkdays) {
        const start = new Date(Date.parse(m) - 86_400_000).toISOString().slice(0, 10);
        const r = await srv.app.inject({ method: 'GET', url: `/api/calendar/due-date?start=${start}&days=1&unit=working` });
        expect(r.json<{ due: string }>().due, `make-up day ${m}`).toBe(m);
      }
    }
  });

  it('answers the worked examples', async () => {
    const due = async (q: string) => (await srv.app.inject({ method: 'GET', url: `/api/calendar/due-date?${q}` })).json<{ due: string }>();
    expect(await due('start=2025-09-20&days=15&unit=calendar')).toEqual({ due: '2025-10-09', provisional: false });
    expect(await due('start=2025-09-26&days=5&unit=working')).toEqual({ due: '2025-10-10', provisional: false });
    // 02-09 (1), Sunday 02-18 make-up day (2), 02-19 (3)
    expect(await due('start=2024-02-08&days=3&unit=working')).toEqual({ due: '2024-02-19', provisional: false });
  });

  it('answers a period reaching a year without its notice provisionally, and refuses only outside 2004–2100 (422)', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/calendar/due-date?start=2026-12-20&days=30&unit=calendar' });
    expect(r.json()).toEqual({ due: '2027-01-19', provisional: true });
    const out = await srv.app.inject({ method: 'GET', url: '/api/calendar/due-date?start=2100-12-20&days=30&unit=calendar' });
    expect(out.statusCode).toBe(422);
    expect(out.json()).toMatchObject({ code: 'CALENDAR_YEAR_UNSUPPORTED' });
  });

  it('lets an administrator enter a 2027 notice, which replaces the provisional 2027 and recomputes open deadlines', async () => {
    // A case accepted in late November 2026: its 60-day period reaches 2027, which has no data yet.
    clock.set('2026-11-23');
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-11-23' }) });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ case: { id: string } }>().case.id;
    await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    const accepted = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/accept`, { input: {} });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const handling = async () => ((await srv.as('rsj_handler', 'GET', `/api/cases/${id}`)).json<{ clocks: { kind: string; due: string | null; provisional: boolean }[] }>()).clocks.find((c) => c.kind === 'handling');
    // Meanwhile the date is provisional: 2026-11-23 + 60 = 2027-01-22, a Friday, a working day in the provisional 2027.
    expect(await handling()).toMatchObject({ due: '2027-01-22', provisional: true });
    const denied = await srv.as('xfj_officer', 'PUT', '/api/calendar/years/2027', { noticeRef: 'x', holidays: [], makeupWorkdays: [] });
    expect(denied.statusCode).toBe(403);
    const put = await srv.as('admin', 'PUT', '/api/calendar/years/2027', { noticeRef: '国务院办公厅关于2027年部分节假日安排的通知（测试）', holidays: ['2027-01-01', '2027-01-18'], makeupWorkdays: [] });
    expect(put.statusCode, put.body).toBe(200);
    // The open deadlines are recomputed in the background (clock-recomputation.ts).
    await srv.services.recompute.idle();
    const r = await srv.app.inject({ method: 'GET', url: '/api/calendar/due-date?start=2027-01-17&days=1&unit=calendar' });
    expect(r.json()).toEqual({ due: '2027-01-19', provisional: false });
    // 2026-11-23 + 60 = 2027-01-22, a Friday and a working day in the entered notice: confirmed
    expect(await handling()).toMatchObject({ due: '2027-01-22', provisional: false });
    clock.set('2026-03-02');
    const bad = await srv.as('admin', 'PUT', '/api/calendar/years/2028', { noticeRef: '错误', holidays: ['2027-05-01'], makeupWorkdays: [] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'CALENDAR_NOTICE_INVALID' });
  });
});

describe('rules profiles', () => {
  it('a changed profile recomputes open deadlines of its cases', async () => {
    clock.set('2026-03-02');
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/accept`, { input: {} });
    const due = async () => ((await srv.as('rsj_handler', 'GET', `/api/cases/${id}`)).json<{ clocks: { kind: string; due: string }[] }>()).clocks.find((c) => c.kind === 'handling')?.due;
    expect(await due()).toBe('2026-05-06'); // 03-02 + 60 = 05-01, Labour Day holiday 05-01..05-05 → 05-06
    const profiles = (await srv.as('admin', 'GET', '/api/profiles')).json<{ id: string }[]>();
    const national = profiles.find((p) => p.id === 'national') as unknown as Record<string, unknown> & { limits: Record<string, unknown> };
    const { id: _omit, ...rest } = national;
    const r = await srv.as('admin', 'PUT', '/api/profiles/national', { ...rest, limits: { ...national.limits, handling: { days: 30, unit: 'calendar', rollForward: true } } });
    expect(r.statusCode, r.body).toBe(200);
    const queued = r.json<{ job: { id: number; status: string; total: number } }>().job;
    expect(queued.total).toBeGreaterThan(0);
    await srv.services.recompute.idle();
    expect(await due()).toBe('2026-04-01'); // 03-02 + 30
    const jobs = (await srv.as('admin', 'GET', '/api/calendar/recompute-jobs')).json<{ items: { id: number; status: string; examined: number; changed: number }[] }>().items;
    expect(jobs[0]).toMatchObject({ id: queued.id, status: 'done', examined: queued.total });
    expect(jobs[0]!.changed).toBeGreaterThan(0);
    expect((await srv.as('xfj_officer', 'GET', '/api/calendar/recompute-jobs')).statusCode).toBe(403);
  });
});

describe('OpenAPI and health', () => {
  it('serves an OpenAPI 3.1 document generated from the routes', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}/actions/forward', '/api/calendar/due-date', '/api/health']));
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/cases/{id}/actions/')).length).toBeGreaterThanOrEqual(40);
  });
  it('answers health', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.json()).toMatchObject({ status: 'ok' });
  });
});
