/**
 * A complete case through the HTTP API, on the real server and database (PGlite, or PostgreSQL
 * when DATABASE_URL is set): register → forward → accept → extend → opinion → serve → evaluate →
 * review → re-review with a hearing → terminate, across the 2025 National Day holiday, checking
 * every due date against a hand count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

const opinionInput = (approverId: string) => ({
  outcomes: [
    { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
    { requestNo: 2, outcome: 'explain', reasoning: '对公司负责人的处理依《保障农民工工资支付条例》另行立案。' },
  ],
  facts: '经调查，该公司拖欠钟德福等人工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId,
});

interface ClockView { kind: string; due: string | null; daysLeft: number | null; overdue: boolean; paused: boolean }

describe('a complete case through the API', () => {
  let id = '';

  async function act(user: string, date: string, action: string, input: Record<string, unknown>) {
    clock.set(date);
    const r = await srv.as(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
    expect(r.statusCode, `${action} by ${user}: ${r.body}`).toBe(200);
    return r.json<{ case: { state: string; version: number } }>();
  }
  async function clocks(user: string): Promise<Record<string, ClockView>> {
    const r = await srv.as(user, 'GET', `/api/cases/${id}`);
    expect(r.statusCode).toBe(200);
    return Object.fromEntries(r.json<{ clocks: ClockView[] }>().clocks.map((c) => [c.kind, c]));
  }

  it('registers a letter received on Saturday 2025-09-20: routing due 2025-10-09 (15 days → 10-05 in the holiday → next working day)', async () => {
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2025-09-20' }) }, { 'idempotency-key': 'letter-0920-zhong' });
    expect(r.statusCode).toBe(201);
    id = r.json<{ case: { id: string } }>().case.id;
    const c = await clocks('xfj_officer');
    expect(c.routing?.due).toBe('2025-10-09');
    expect(c.routing?.daysLeft).toBe(19);
  });

  it('forwards (转送) on 2025-09-22: acceptance due 2025-10-09, objection window 5 working days ending on the 9/28 make-up Sunday', async () => {
    const r = await act('xfj_officer', '2025-09-22', 'forward', { targetOrganId: 'county-rsj' });
    expect(r.case.state).toBe('awaiting_acceptance');
    const c = await clocks('rsj_handler');
    expect(c.acceptance?.due).toBe('2025-10-09');
    expect(c.objection?.due).toBe('2025-09-28');
    expect(c.routing).toBeUndefined();
  });

  it('accepts on 2025-09-26: opinion due 60 days later, 2025-11-25', async () => {
    await act('rsj_handler', '2025-09-26', 'accept', {});
    const c = await clocks('rsj_handler');
    expect(c.handling?.due).toBe('2025-11-25');
    expect(c.acceptance).toBeUndefined();
  });

  it('refuses an extension request naming no leader, or too long, or a number that is not one, and changes nothing', async () => {
    clock.set('2025-11-10');
    const before = await srv.as('rsj_handler', 'GET', `/api/cases/${id}/events`);
    const r = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/request_extension`, { input: { days: 30, reason: '需补充调查', approverId: 'u-rsj_handler' } });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'APPROVER_INVALID' });
    const tooLong = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/request_extension`, { input: { days: 31, reason: '需补充调查', approverId: 'u-rsj_leader' } });
    expect(tooLong.json()).toMatchObject({ code: 'EXTENSION_TOO_LONG', message: '延长期限不得超过30日（第34条）' });
    for (const days of [0, 'abc', 2.5]) {
      const bad = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/request_extension`, { input: { days, reason: '需补充调查', approverId: 'u-rsj_leader' } });
      expect(bad.statusCode, `days ${String(days)}`).toBe(400);
    }
    const after = await srv.as('rsj_handler', 'GET', `/api/cases/${id}/events`);
    expect(after.json<unknown[]>().length).toBe(before.json<unknown[]>().length);
  });

  it('extends by 30 days once the head approves the handler’s request: opinion due 2025-12-25', async () => {
    await act('rsj_handler', '2025-11-10', 'request_extension', { days: 30, reason: '涉及多名务工人员，需补充调查取证', approverId: 'u-rsj_leader' });
    expect((await clocks('rsj_handler')).handling?.due).toBe('2025-11-25'); // asking changes nothing
    const inbox = (await srv.as('rsj_leader', 'GET', '/api/approvals')).json<{ items: { caseId: string; approvalId: number; action: string; due: string }[] }>();
    expect(inbox.items).toEqual([expect.objectContaining({ caseId: id, approvalId: 1, action: 'approve_extension', due: '2025-11-25' })]);
    expect(((await srv.as('zjj_leader', 'GET', '/api/approvals')).json<{ items: unknown[] }>()).items).toEqual([]);
    await act('rsj_leader', '2025-11-11', 'approve_extension', { approvalId: 1 });
    expect((await clocks('rsj_handler')).handling?.due).toBe('2025-12-25');
    expect(((await srv.as('rsj_leader', 'GET', '/api/approvals')).json<{ items: unknown[] }>()).items).toEqual([]);
  });

  it('issues the opinion the head signed and serves it on 2025-12-12: review may be requested until 2026-01-12 (01-11 is a Sunday)', async () => {
    await act('rsj_handler', '2025-12-09', 'draft_opinion', opinionInput('u-rsj_leader'));
    await act('rsj_leader', '2025-12-10', 'sign_opinion', { approvalId: 2 });
    const r = await act('rsj_handler', '2025-12-12', 'serve', { method: 'in_person', servedOn: '2025-12-12' });
    expect(r.case.state).toBe('served');
    expect((await clocks('rsj_handler')).review_request?.due).toBe('2026-01-12');
  });

  it('records the petitioner’s evaluation', async () => {
    await act('xfj_clerk', '2025-12-15', 'evaluate', { result: 'unsatisfied', comment: '工资尚未全部到账' });
  });

  it('review (复查) by the county government: requested 2026-01-05, decided by 2026-02-04', async () => {
    const r = await act('xian_handler', '2026-01-05', 'request_review', { reasons: '公司仅支付部分工资' });
    expect(r.case.state).toBe('review_requested');
    expect((await clocks('xian_handler')).review_decision?.due).toBe('2026-02-04');
    await act('xian_handler', '2026-01-06', 'accept_review', {});
    await act('xian_handler', '2026-01-29', 'draft_review_opinion', { ...opinionInput('u-xian_leader'), decision: 'uphold' });
    const d = await act('xian_leader', '2026-01-30', 'sign_review_opinion', { approvalId: 3 });
    expect(d.case.state).toBe('review_opinion_issued');
    await act('xian_handler', '2026-02-02', 'serve', { method: 'mail', servedOn: '2026-02-02' });
    expect((await clocks('shi_handler')).rereview_request?.due).toBe('2026-03-04');
  });

  it('re-review (复核) by the city with a hearing: the hearing’s 10 days are not counted', async () => {
    await act('shi_handler', '2026-02-10', 'request_rereview', { reasons: '对复查意见不服' });
    expect((await clocks('shi_handler')).rereview_decision?.due).toBe('2026-03-12');
    await act('shi_handler', '2026-02-11', 'accept_rereview', {});
    await act('shi_handler', '2026-02-24', 'start_hearing', { note: '公开听证' });
    const paused = (await clocks('shi_handler')).rereview_decision!;
    expect(paused).toMatchObject({ due: null, paused: true, overdue: false, provisional: false });
    // A clock without a date: every text the petitioner reads still has no hole in it.
    const view = await srv.services.portal.service.publicCase(id);
    const card = await srv.services.portal.service.rightsCard(id);
    const texts = [...view.steps, ...card.steps].map((st) => `${st.label}${st.text ?? ''}`).concat(view.appeal.reason ?? '', JSON.stringify(view.documents));
    for (const t of texts) {
      expect(t).not.toMatch(/null|undefined/);
      expect(t).not.toMatch(/于前|延至。|延至；|至）|（至）/);
    }
    expect(view.steps.map((st) => st.label)).toContain('复核听证（期限中止）');
    await act('shi_handler', '2026-03-06', 'end_hearing', { summary: '听证会听取了双方意见' });
    // 03-12 + 10 days = 03-22, a Sunday → Monday 03-23
    expect((await clocks('shi_handler')).rereview_decision?.due).toBe('2026-03-23');
  });

  it('decides and serves the re-review opinion, which is final (Art 36 ¶3): the case ends, no clock stays open', async () => {
    await act('shi_handler', '2026-03-15', 'draft_rereview_opinion', { ...opinionInput('u-shi_leader'), decision: 'uphold' });
    await act('shi_leader', '2026-03-16', 'sign_rereview_opinion', { approvalId: 4 });
    const t = await act('shi_handler', '2026-03-18', 'serve', { method: 'in_person', servedOn: '2026-03-18' });
    expect(t.case.state).toBe('rereview_served');
    expect(await clocks('shi_handler')).toEqual({});
  });

  it('keeps the whole history, in order, and the documents with numbers', async () => {
    const ev = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json<{ seq: number; action: string }[]>();
    expect(ev.map((e) => e.action)).toEqual([
      'register', 'forward', 'accept', 'request_extension', 'approve_extension', 'draft_opinion', 'sign_opinion', 'serve', 'evaluate', 'request_review', 'accept_review',
      'draft_review_opinion', 'sign_review_opinion', 'serve', 'request_rereview', 'accept_rereview', 'start_hearing', 'end_hearing', 'draft_rereview_opinion', 'sign_rereview_opinion', 'serve',
    ]);
    expect(ev.map((e) => e.seq)).toEqual(ev.map((_, i) => i + 1));
    const docs = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/documents`)).json<{ kind: string; docNumber: string }[]>();
    expect(docs.map((d) => d.kind)).toContain('extension_notice');
    expect(docs.find((d) => d.kind === 'forwarding_slip')?.docNumber).toBe('于都县信访局信转〔2025〕1号');
  });

  it('a new petition on the same facts and reasons is 不再受理 once the officer has compared it (Art 36 ¶3)', async () => {
    clock.set('2026-04-01');
    const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-04-01', linkedCaseIds: [id] }) });
    const again = r.json<{ case: { id: string } }>().case.id;
    const forward = await srv.as('xfj_officer', 'POST', `/api/cases/${again}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(forward.statusCode).toBe(422);
    expect(forward.json()).toMatchObject({ code: 'SAME_MATTER_UNDECIDED' });
    const unconfirmed = await srv.as('xfj_officer', 'POST', `/api/cases/${again}/actions/decline_final_matter`, { input: { earlierCaseId: id, sameFactsAndReasons: false } });
    expect(unconfirmed.statusCode).toBe(400); // the confirmation is not optional
    const decline = await srv.as('xfj_officer', 'POST', `/api/cases/${again}/actions/decline_final_matter`, { input: { earlierCaseId: id, sameFactsAndReasons: true } });
    expect(decline.json<{ case: { state: string } }>().case.state).toBe('not_reaccepted');
    const docs = (await srv.as('xfj_officer', 'GET', `/api/cases/${again}/documents`)).json<{ kind: string; docNumber: string }[]>();
    expect(docs.map((d) => d.kind)).toEqual(['non_reacceptance_notice']);
  });
});
