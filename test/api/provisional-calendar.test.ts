/**
 * Deadlines reaching a year whose State Council holiday notice is not entered (issue 9, defect 7),
 * through the real server: provisional dates in the API, the queue, the ledger, documents, SMS and
 * the portal; the administrator's reminder from 1 November; legacy records recomputed at start-up;
 * entering the notice moves the dates and records the move on each case.
 *
 * Hand counts (national profile: calendar days, start day not counted, a rest day rolls forward;
 * the provisional 2027 has 1月1日 as January's only holiday, see test/domain/calendar/provisional.test.ts):
 * - accepted 2026-10-10: 60 days → 2026-12-09 (Wednesday, 2026 data): not provisional
 * - accepted 2026-11-02: 60 days → 2027-01-01 (元旦) → Sat 01-02, Sun 01-03 → Monday 2027-01-04, provisional
 * - accepted 2026-11-20: 60 days → 2027-01-19 (Tuesday, a working day), provisional
 */
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { LEDGER_EXPORT_HEADERS } from '../../src/app/ledger-export.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.js';
import { FileSmsAdapter, readSmsFile } from '../../src/notify/sms/file.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition as petition } from '../support/petitions.js';
import { CapturingLogger, tempSmsFile } from '../notify/support/notify.js';

const clock = new FakeClock('2026-10-10');
let srv: Awaited<ReturnType<typeof testServer>>;
const smsFile = tempSmsFile();
beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

interface ClockJson { kind: string; due: string | null; provisional: boolean; daysLeft: number | null; overdue: boolean }
const detail = async (id: string) => (await srv.as('rsj_handler', 'GET', `/api/cases/${id}`)).json<{ case: { version: number }; clocks: ClockJson[] }>();
const handling = async (id: string) => (await detail(id)).clocks.find((c) => c.kind === 'handling');

/** Registered, forwarded to the county 人社局 and accepted, all on `on`. */
async function acceptedOn(on: string, title: string): Promise<string> {
  clock.set(on);
  const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: on, title }) });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ case: { id: string } }>().case.id;
  expect((await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } })).statusCode).toBe(200);
  const r = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/accept`, { input: {} });
  expect(r.statusCode, r.body).toBe(200);
  return id;
}

/** Rendered texts must never show an empty date or a missing value. */
function expectNoHoles(text: string) {
  expect(text).not.toMatch(/null|undefined|NaN/);
  expect(text).not.toMatch(/于前|延至。|延至；|至）|（至）|经核定为；|经核定为（/);
}

const ids: Record<'certain' | 'newYear' | 'late', string> = { certain: '', newYear: '', late: '' };

describe('GET /api/calendar/due-date and /years', () => {
  it('answers a provisional due date for a period reaching 2027, and 422 only outside 2004–2100', async () => {
    const due = async (q: string) => srv.app.inject({ method: 'GET', url: `/api/calendar/due-date?${q}` });
    expect((await due('start=2026-12-20&days=30&unit=calendar')).json()).toEqual({ due: '2027-01-19', provisional: true });
    expect((await due('start=2025-09-20&days=15&unit=calendar')).json()).toEqual({ due: '2025-10-09', provisional: false });
    // 2026-12-25 (Fri) + 10 working days: 12-28…31 (4), 01-01 元旦, 01-04…08 (9), 01-11 (10)
    expect((await due('start=2026-12-25&days=10&unit=working')).json()).toEqual({ due: '2027-01-11', provisional: true });
    for (const q of ['start=2100-12-20&days=30&unit=calendar', 'start=2003-12-01&days=5&unit=working']) {
      const r = await due(q);
      expect(r.statusCode, q).toBe(422);
      expect(r.json()).toMatchObject({ code: 'CALENDAR_YEAR_UNSUPPORTED' });
    }
  });

  it('shows a provisional year with the statutory days it rests on', async () => {
    const r = await srv.as('rsj_handler', 'GET', '/api/calendar/years/2027');
    expect(r.statusCode).toBe(200);
    const y = r.json<{ source: string; provisional: boolean; days: { date: string; working: boolean }[]; statutoryHolidays: { date: string }[] }>();
    expect(y).toMatchObject({ source: 'provisional', provisional: true });
    expect(y.statutoryHolidays).toHaveLength(13);
    expect(y.days.find((d) => d.date === '2027-02-05')).toEqual({ date: '2027-02-05', working: false }); // 除夕
    expect((await srv.as('rsj_handler', 'GET', '/api/calendar/years/2003')).statusCode).toBe(422);
  });
});

describe('a case whose period reaches 2027', () => {
  it('has provisional dates in the detail, the queue (sorted by date) and the ledger', async () => {
    ids.late = await acceptedOn('2026-11-20', '十一月下旬受理');
    ids.newYear = await acceptedOn('2026-11-02', '十一月初受理');
    ids.certain = await acceptedOn('2026-10-10', '十月受理');
    clock.set('2026-11-20');
    expect(await handling(ids.late)).toMatchObject({ due: '2027-01-19', provisional: true, daysLeft: 60, overdue: false });
    expect(await handling(ids.newYear)).toMatchObject({ due: '2027-01-04', provisional: true });
    expect(await handling(ids.certain)).toMatchObject({ due: '2026-12-09', provisional: false });

    const queue = (await srv.as('rsj_handler', 'GET', '/api/cases?stage=handling')).json<{ items: { id: string; nextDue: string; nextDueProvisional: boolean }[] }>();
    expect(queue.items.map((i) => [i.id, i.nextDue, i.nextDueProvisional])).toEqual([
      [ids.certain, '2026-12-09', false], [ids.newYear, '2027-01-04', true], [ids.late, '2027-01-19', true],
    ]);
    const ledger = (await srv.as('rsj_handler', 'GET', '/api/cases/ledger')).json<{ items: { id: string; nextDueProvisional: boolean }[] }>();
    expect(ledger.items.find((i) => i.id === ids.late)?.nextDueProvisional).toBe(true);
    // The Excel ledger says so in its own column.
    const x = await srv.as('rsj_handler', 'GET', '/api/cases/ledger/export');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const ws = wb.getWorksheet('台账')!;
    const col = (name: string) => LEDGER_EXPORT_HEADERS.indexOf(name as never) + 1;
    const byTitle = new Map<string, string>();
    for (let i = 2; i <= ws.rowCount; i++) byTitle.set(ws.getRow(i).getCell(col('标题')).text, ws.getRow(i).getCell(col('届满日期说明')).text);
    expect(byTitle.get('十一月下旬受理')).toBe('预计，以国务院公布的节假日安排为准');
    expect(byTitle.get('十月受理')).toBe('');
  });

  it('is judged overdue past its provisional date', async () => {
    clock.set('2027-01-20');
    expect(await handling(ids.late)).toMatchObject({ due: '2027-01-19', provisional: true, daysLeft: -1, overdue: true });
    const overdue = (await srv.as('rsj_handler', 'GET', '/api/cases?due=overdue')).json<{ items: { id: string }[] }>();
    expect(overdue.items.map((i) => i.id)).toContain(ids.late);
    clock.set('2026-11-20');
  });

  it('marks the date provisional in the event and the acceptance notice, and says 预计 in the SMS', async () => {
    const events = (await srv.as('rsj_handler', 'GET', `/api/cases/${ids.late}/events`)).json<{ action: string; data: Record<string, unknown> }[]>();
    expect(events.find((e) => e.action === 'accept')?.data).toMatchObject({ handlingDue: '2027-01-19', provisionalDates: ['handlingDue'] });
    const docs = (await srv.as('rsj_handler', 'GET', `/api/cases/${ids.late}/documents`)).json<{ kind: string; data: Record<string, unknown> }[]>();
    expect(docs.find((d) => d.kind === 'acceptance_notice')?.data).toMatchObject({ handlingDue: '2027-01-19', provisionalDates: ['handlingDue'] });
    // The forwarding slip's 受理期限 (2026-11-20 + 15 = 12-05, a Saturday → Monday 12-07) is in 2026: certain.
    expect(docs.find((d) => d.kind === 'forwarding_slip')?.data).toMatchObject({ due: '2026-12-07' });
    expect(docs.find((d) => d.kind === 'forwarding_slip')?.data.provisionalDates).toBeUndefined();

    // An extension approved on 2026-11-25 for another case accepted on 2026-11-20: 60 + 30 = 90 days
    // → 2027-02-18, a Thursday, a working day in the provisional 2027 (春节 there is 02-05…02-08).
    const extended = await acceptedOn('2026-11-20', '延期办理的案件');
    clock.set('2026-11-25');
    const ask = await srv.as('rsj_handler', 'POST', `/api/cases/${extended}/actions/request_extension`, { input: { days: 30, reason: '需补充调查', approverId: 'u-rsj_leader' } });
    expect(ask.statusCode, ask.body).toBe(200);
    const ext = await srv.as('rsj_leader', 'POST', `/api/cases/${extended}/actions/approve_extension`, { input: { approvalId: 1 } });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(await handling(extended)).toMatchObject({ due: '2027-02-18', provisional: true });
    const extDocs = (await srv.as('rsj_handler', 'GET', `/api/cases/${extended}/documents`)).json<{ kind: string; data: Record<string, unknown> }[]>();
    expect(extDocs.find((d) => d.kind === 'extension_notice')?.data).toMatchObject({ newDue: '2027-02-18', provisionalDates: ['newDue'] });
    const extView = await srv.services.portal.service.publicCase(extended);
    expect(extView.steps.find((st) => st.label === '延期办理')?.text).toBe('延期30日，理由：需补充调查；办理期限延至2027-02-18（预计，以国务院公布的节假日安排为准）');

    const worker = srv.services.notifications.worker(new FileSmsAdapter(smsFile, new CapturingLogger(), clock), {}, new CapturingLogger());
    while ((await worker.runOnce()).claimed > 0) { /* until nothing is due */ }
    clock.set('2026-11-20');
    const all = (await readSmsFile(smsFile)).map((l) => l.text);
    const texts = all.filter((t) => t.includes('受理'));
    const late = texts.filter((t) => t.includes('2027年1月19日'));
    // Two cases were accepted on 2026-11-20 (one of them extended below).
    expect(late).toEqual(Array(2).fill(expect.stringContaining('将于2027年1月19日（预计，以国务院公布的节假日安排为准）前出具处理意见')));
    expect(texts.some((t) => t.includes('将于2026年12月9日前出具处理意见'))).toBe(true);
    expect(all.filter((t) => t.includes('延长办理期限'))).toEqual([
      expect.stringContaining('经批准延长办理期限30日，于都县人力资源和社会保障局将于2027年2月18日（预计，以国务院公布的节假日安排为准）前出具处理意见'),
    ]);
    for (const t of all) expectNoHoles(t);
  });

  it('shows the portal the provisional date on the acceptance notice', async () => {
    const view = await srv.services.portal.service.publicCase(ids.late);
    const notice = view.documents.find((d) => d.kind === 'acceptance_notice')!;
    expect(notice.data).toMatchObject({ handlingDue: '2027-01-19', provisionalDates: ['handlingDue'] });
    for (const st of view.steps) expectNoHoles(`${st.label}${st.text ?? ''}${st.organ}`);
  });
});

describe('the system administrator is reminded to enter next year', () => {
  const calendarItems = async (username: string) =>
    ((await srv.as(username, 'GET', '/api/reminders')).json<{ items: { key: string; kind: string; title: string; link?: string }[] }>()).items.filter((i) => i.kind === 'calendar_year');

  it('from 1 November (China date), in the bell, linking to the calendar screen; no one else is', async () => {
    clock.set('2026-10-31');
    expect(await calendarItems('admin')).toEqual([]);
    clock.set('2026-11-01');
    const [item, ...more] = await calendarItems('admin');
    expect(more).toEqual([]);
    expect(item).toMatchObject({ key: 'calendar:2027', link: '/calendar' });
    expect(item!.title).toMatch(/^2027年节假日安排尚未录入.*请在国务院办公厅通知发布后录入$/);
    expect(await calendarItems('rsj_handler')).toEqual([]);
    // Still reminded in January while 2027 is provisional.
    clock.set('2027-01-05');
    expect((await calendarItems('admin')).map((i) => i.key)).toEqual(['calendar:2027']);
    clock.set('2026-11-20');
  });
});

describe('records stored before provisional dates', () => {
  it('are recomputed when the server starts, and the move is recorded', async () => {
    const id = await acceptedOn('2026-11-20', '旧版本保存的案件');
    clock.set('2026-11-20');
    // As the previous version stored it: no date, the year awaited, no provisional flag.
    const [row] = await srv.database.db.select({ record: s.cases.record }).from(s.cases).where(eq(s.cases.id, id));
    const record = row!.record;
    const legacy = {
      ...record,
      clocks: record.clocks.map((k) => {
        if (k.kind !== 'handling') return k;
        const { provisional: _p, ...rest } = k;
        return { ...rest, due: null, awaitingCalendarYear: 2027 };
      }),
    };
    await srv.database.db.update(s.cases).set({ record: legacy, nextDue: null }).where(eq(s.cases.id, id));
    expect(await handling(id)).toMatchObject({ due: null });

    // Restarted: the server's start-up (src/main.ts) repairs the stale clocks before serving.
    const second = await buildServer(srv.database, { clock, crypto: new FieldCrypto(TEST_KEYRING) });
    await second.services.cases.recomputeStale();
    await second.app.close();

    expect(await handling(id)).toMatchObject({ due: '2027-01-19', provisional: true });
    const [after] = await srv.database.db
      .select({ record: s.cases.record, nextDue: s.cases.nextDue, p: s.cases.nextDueProvisional, version: s.cases.version })
      .from(s.cases).where(eq(s.cases.id, id));
    expect(after).toMatchObject({ nextDue: '2027-01-19', p: true, version: record.version + 1 });
    expect(JSON.stringify(after!.record)).not.toContain('awaitingCalendarYear');
    const events = (await srv.as('rsj_handler', 'GET', `/api/cases/${id}/events`)).json<{ seq: number; action: string; actorKind: string; data: Record<string, unknown> }[]>();
    expect(events.at(-1)).toMatchObject({
      seq: record.version + 1, action: 'deadline_recomputed', actorKind: 'system',
      data: { reason: 'provisional_calendar', clocks: [{ kind: 'handling', from: null, to: '2027-01-19', toProvisional: true }] },
    });
    // Nothing stale is left: starting again changes nothing.
    const stale = await srv.database.db.execute(sql`select count(*)::int as n from cases where jsonb_path_exists(record, '$.clocks[*] ? (@.stoppedOn == null && !(exists(@.provisional)))')`);
    expect((stale as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});

describe('entering the 2027 notice', () => {
  it('recomputes every open clock, records each moved date on its case, and confirms the rest', async () => {
    clock.set('2026-12-10');
    const before = { late: (await detail(ids.late)).case.version, newYear: (await detail(ids.newYear)).case.version };
    // A made-up notice (the real one is not published yet): 元旦 and 1月19日 off.
    const noticeRef = '国务院办公厅关于2027年部分节假日安排的通知（测试）';
    const put = await srv.as('admin', 'PUT', '/api/calendar/years/2027', { noticeRef, holidays: ['2027-01-01', '2027-01-19'], makeupWorkdays: [] });
    expect(put.statusCode, put.body).toBe(200);
    await srv.services.recompute.idle();

    // 2026-11-20 + 60 = 2027-01-19, now a rest day → Wednesday 2027-01-20.
    expect(await handling(ids.late)).toMatchObject({ due: '2027-01-20', provisional: false });
    const late = await detail(ids.late);
    expect(late.case.version).toBe(before.late + 1);
    const events = (await srv.as('rsj_handler', 'GET', `/api/cases/${ids.late}/events`)).json<{ seq: number; action: string; actorKind: string; actorId: string | null; data: Record<string, unknown> }[]>();
    expect(events.at(-1)).toEqual(expect.objectContaining({
      seq: before.late + 1, action: 'deadline_recomputed', actorKind: 'system', actorId: null,
      data: { reason: 'calendar_notice', noticeRef, year: 2027, clocks: [{ kind: 'handling', label: '办理', from: '2027-01-19', fromProvisional: true, to: '2027-01-20', toProvisional: false }] },
    }));
    // A staff member acting on what they saw before the move is told the case changed.
    const stale = await srv.as('rsj_handler', 'POST', `/api/cases/${ids.late}/actions/assign_handler`, { input: { userId: 'u-rsj_handler' }, expectedVersion: before.late });
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT' });

    // 2027-01-04 stays: the notice confirms it; no longer provisional, no event, same version.
    expect(await handling(ids.newYear)).toMatchObject({ due: '2027-01-04', provisional: false });
    expect((await detail(ids.newYear)).case.version).toBe(before.newYear);

    const queue = (await srv.as('rsj_handler', 'GET', '/api/cases?stage=handling')).json<{ items: { id: string; nextDue: string; nextDueProvisional: boolean }[] }>();
    expect(queue.items.find((i) => i.id === ids.late)).toMatchObject({ nextDue: '2027-01-20', nextDueProvisional: false });

    // The portal tells the petitioner the date was fixed, in words, never a null.
    const view = await srv.services.portal.service.publicCase(ids.late);
    const step = view.steps.find((st) => st.label === '期限核定');
    expect(step?.text).toBe('办理期限经核定为2027-01-20（按国务院公布的2027年节假日安排）');
    for (const st of view.steps) expectNoHoles(`${st.label}${st.text ?? ''}`);

    // And the administrator is no longer reminded.
    const reminders = (await srv.as('admin', 'GET', '/api/reminders')).json<{ items: { kind: string }[] }>();
    expect(reminders.items.filter((i) => i.kind === 'calendar_year')).toEqual([]);
  });
});
