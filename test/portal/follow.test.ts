/**
 * Following a case on the portal: the challenge tells nothing about whether a pair exists, the
 * verify attempt limit, the case-bound session; the public view of a case staff drive through
 * routing, acceptance, extension, opinion and service (no staff names, no internal notes);
 * evaluation once; review and re-review requested online and routed by the engine; the final re-review opinion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/organ-tree.js';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { BROWSER, PNG, multipart, portalServer } from './support.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof portalServer>>;

beforeAll(async () => {
  srv = await portalServer(clock);
});
afterAll(async () => {
  await srv.close();
});

const INTERNAL_NOTE = '内部备注：该公司法人与某局干部系亲属，请注意';
const opinionInput = (approverId: string) => ({
  outcomes: [
    { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
    { requestNo: 2, outcome: 'explain', reasoning: '对公司负责人的处理另行立案。' },
  ],
  facts: '经调查，该公司拖欠工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId,
});

interface PublicCase {
  number: string; state: string; stateLabel: string; final: boolean; finalityNote?: string;
  steps: { on: string; at: string; label: string; organ: string; text?: string; documentId?: string }[];
  documents: { id: string; kind: string; title: string; organ: string; docNumber: string; data: Record<string, unknown> }[];
  evaluation: { open: boolean; due?: string; daysLeft?: number; pending: { documentId: string }[]; done: { documentId: string; rating: string }[] };
  appeal: { kind: string | null; open: boolean; due?: string; daysLeft?: number; reason?: string };
  attachments: { sha256: string }[];
}

describe('follow: challenge and verify', () => {
  let queryCode = '';
  beforeAll(async () => {
    queryCode = (await srv.submit()).queryCode;
  });

  it('answers a wrong pair exactly like a right one, and sends an SMS only for the right one', async () => {
    const shape = (b: Record<string, unknown>) => Object.keys(b).sort();
    const sentBefore = srv.sender.sent.length;
    const wrongPhone = await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13800000000' } });
    const wrongCode = await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode: 'ZZZZ-ZZZZ', phone: '13907971234' } });
    expect(srv.sender.sent.length).toBe(sentBefore);
    const right = await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode: queryCode.toLowerCase(), phone: '139 0797 1234' } });
    for (const r of [wrongPhone, wrongCode, right]) expect(r.statusCode).toBe(200);
    expect(shape(wrongPhone.json())).toEqual(shape(right.json()));
    expect(shape(wrongCode.json())).toEqual(['challengeId', 'demoCode', 'expiresAt']);
    expect(srv.sender.sent.length).toBe(sentBefore + 1);
    expect(srv.sender.sent.at(-1)).toMatchObject({ phone: '13907971234', code: right.json().demoCode });
    // The wrong pair's "code" opens nothing.
    const v = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: wrongPhone.json().challengeId, code: wrongPhone.json().demoCode } });
    expect(v.statusCode).toBe(400);
    expect(v.json()).toMatchObject({ code: 'VERIFICATION_FAILED' });
  });

  it('gives 5 attempts per challenge; after that even the right code is refused', async () => {
    const ch = (await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13907971234' } })).json();
    const wrong = ch.demoCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: ch.challengeId, code: wrong } });
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toMatch(i < 4 ? `还可尝试${4 - i}次` : /过多/);
    }
    const late = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: ch.challengeId, code: ch.demoCode } });
    expect(late.statusCode).toBe(400);
    expect(late.cookies).toEqual([]);
  });

  it('the right code sets an HttpOnly, SameSite=Strict session cookie; logout ends it; a code works once', async () => {
    const ch = (await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13907971234' } })).json();
    const v = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: ch.challengeId, code: ch.demoCode } });
    expect(v.statusCode).toBe(200);
    const c = v.cookies.find((k) => k.name === 'ms_portal')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', maxAge: 1800 });
    const again = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: ch.challengeId, code: ch.demoCode } });
    expect(again.statusCode).toBe(400);
    const headers = { cookie: `ms_portal=${c.value}` };
    expect((await srv.app.inject({ method: 'GET', url: '/api/public/case', headers })).statusCode).toBe(200);
    expect((await srv.app.inject({ method: 'POST', url: '/api/public/follow/logout', headers })).statusCode).toBe(204);
    const after = await srv.app.inject({ method: 'GET', url: '/api/public/case', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'PORTAL_SESSION_REQUIRED' });
  });

  it('works in a browser that also holds a staff session cookie (no CSRF token on the portal)', async () => {
    const login = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_clerk', password: 'Minsheng@2026' } });
    const staffCookie = login.cookies.find((c) => c.name === 'ms_session')!;
    const r = await srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13907971234' }, headers: { cookie: `ms_session=${staffCookie.value}` } });
    expect(r.statusCode, r.body).toBe(200);
    // The staff API still demands the token.
    const w = await srv.app.inject({ method: 'POST', url: '/api/cases/lookup', payload: { phone: '13907971234' }, headers: { cookie: `ms_session=${staffCookie.value}` } });
    expect(w.statusCode).toBe(403);
  });

  it('the session expires after 30 minutes', async () => {
    const headers = await srv.follow(queryCode);
    expect((await srv.app.inject({ method: 'GET', url: '/api/public/case', headers })).statusCode).toBe(200);
    srv.sessionClock.offsetMs = 31 * 60_000;
    try {
      expect((await srv.app.inject({ method: 'GET', url: '/api/public/case', headers })).statusCode).toBe(401);
    } finally {
      srv.sessionClock.offsetMs = 0;
    }
  });
});

describe('the public case view, evaluation and appeals', () => {
  let id = '';
  let number = '';
  let portal: Record<string, string> = {};
  let otherPortal: Record<string, string> = {};
  let ownFile = '';

  /** Move the business clock; the portal session (real time) stays valid, as it would for a petitioner. */
  function at(date: string) {
    clock.set(date);
  }
  async function act(user: string, date: string, action: string, input: Record<string, unknown>) {
    at(date);
    const r = await srv.as(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
    expect(r.statusCode, `${action} by ${user}: ${r.body}`).toBe(200);
  }
  async function view(headers = portal): Promise<PublicCase> {
    const r = await srv.app.inject({ method: 'GET', url: '/api/public/case', headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<PublicCase>();
  }

  beforeAll(async () => {
    clock.set('2025-09-20');
    const m = multipart(PNG, '欠条.png', 'file', 'image/png');
    const up = srv.app.inject({ method: 'POST', url: '/api/public/attachments', payload: m.payload, headers: { ...m.headers, ...BROWSER } });
    ownFile = (await up).json().sha256;
    const r = await srv.submit({ attachments: [{ name: '欠条.png', sha256: ownFile }] });
    number = r.caseNumber;
    id = await srv.caseId(number);
    portal = await srv.follow(r.queryCode);
    const other = await srv.submit({ petitioner: { kind: 'person', name: '李四', idNumber: '11010519491231002X', phone: '13511112222' }, title: '另一人的事项' });
    otherPortal = await srv.follow(other.queryCode, '13511112222');
  });

  it('right after submission: registered at the county petition bureau, nothing to evaluate or appeal yet', async () => {
    const c = await view();
    expect(c).toMatchObject({ number, state: 'registered', stateLabel: '已登记', final: false });
    expect(c.steps).toEqual([expect.objectContaining({ on: '2025-09-20', label: '登记', organ: '于都县信访局' })]);
    expect(c.evaluation).toMatchObject({ open: false, pending: [], done: [] });
    expect(c.appeal).toMatchObject({ kind: null, open: false });
  });

  it('a session opens only its own case and its own attachments', async () => {
    const mine = await view();
    const theirs = await view(otherPortal);
    expect(theirs.number).not.toBe(mine.number);
    expect(mine.attachments.map((a) => a.sha256)).toEqual([ownFile]);
    const f = await srv.app.inject({ method: 'GET', url: `/api/public/case/attachments/${ownFile}`, headers: portal });
    expect(f.statusCode).toBe(200);
    expect(f.headers['content-type']).toBe('image/png');
    expect(f.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await srv.app.inject({ method: 'GET', url: `/api/public/case/attachments/${ownFile}`, headers: otherPortal })).statusCode).toBe(404);
    // The other petitioner cannot act on this case either: their session is bound to theirs.
    const ev = await srv.app.inject({ method: 'POST', url: '/api/public/case/evaluations', headers: otherPortal, payload: { documentId: 'x', rating: 'satisfied' } });
    expect(ev.statusCode).toBe(409);
  });

  it('staff route, accept, extend, issue and serve the opinion: the portal shows each step with its organ and the documents', async () => {
    await act('xfj_officer', '2025-09-22', 'forward', { targetOrganId: 'county-rsj', note: INTERNAL_NOTE });
    await act('rsj_handler', '2025-09-26', 'accept', { note: INTERNAL_NOTE });
    await act('rsj_handler', '2025-11-09', 'request_extension', { days: 30, reason: '涉及多名务工人员，需补充调查取证', approverId: 'u-rsj_leader' });
    await act('rsj_leader', '2025-11-10', 'approve_extension', { approvalId: 1 });
    await act('rsj_handler', '2025-12-09', 'draft_opinion', opinionInput('u-rsj_leader'));
    await act('rsj_leader', '2025-12-10', 'sign_opinion', { approvalId: 2 });
    await act('rsj_handler', '2025-12-12', 'serve', { method: 'in_person', servedOn: '2025-12-12' });
    const c = await view();
    expect(c.state).toBe('served');
    expect(c.steps.map((s) => [s.on, s.label, s.organ])).toEqual([
      ['2025-09-20', '登记', '于都县信访局'],
      ['2025-09-22', '转送', '于都县信访局'],
      ['2025-09-26', '受理', '于都县人力资源和社会保障局'],
      ['2025-11-10', '延期办理', '于都县人力资源和社会保障局'],
      ['2025-12-10', '出具处理意见', '于都县人力资源和社会保障局'],
      ['2025-12-12', '处理意见送达', '于都县人力资源和社会保障局'],
    ]);
    expect(c.steps[1]!.text).toContain('转送于都县人力资源和社会保障局办理');
    expect(c.steps[1]).toMatchObject({ at: '2025-09-22T02:00:00.000Z' });
    expect(c.steps[3]!.text).toContain('涉及多名务工人员');
    expect(c.steps[3]!.text).toContain('2025-12-25');
    expect(c.documents.map((d) => d.kind)).toEqual(['acceptance_notice', 'extension_notice', 'opinion']);
    const opinion = c.documents.find((d) => d.kind === 'opinion')!;
    expect(opinion).toMatchObject({ title: '信访处理意见书', organ: '于都县人力资源和社会保障局' });
    expect(opinion.data.outcomes).toEqual([
      expect.objectContaining({ requestNo: 1, outcomeLabel: '支持', request: '责令公司支付拖欠的三个月工资共计2.4万元' }),
      expect.objectContaining({ requestNo: 2, outcomeLabel: '解释说明' }),
    ]);
    expect(opinion.data.nextStep).toContain('于都县人民政府');
    expect(c.steps.find((s) => s.label === '出具处理意见')?.documentId).toBe(opinion.id);
    expect(c.steps.find((s) => s.label === '处理意见送达')?.documentId).toBe(opinion.id);
    // Nothing internal: no staff names or ids, no notes, no approver, no forwarding slip.
    const body = JSON.stringify(c);
    const staffOnCase = DEMO_USERS.filter((u) => ['xfj_officer', 'rsj_handler', 'rsj_leader', 'xfj_clerk'].includes(u.username));
    for (const u of staffOnCase) {
      expect(body).not.toContain(u.name);
      expect(body).not.toContain(u.id);
    }
    expect(body).not.toContain(INTERNAL_NOTE);
    expect(body).not.toContain('approverId');
    expect(body).not.toContain('forwarding_slip');
    expect(c.evaluation).toMatchObject({ open: true, due: '2026-01-11', daysLeft: 30, pending: [{ documentId: opinion.id }] });
    expect(c.appeal).toMatchObject({ kind: 'review', open: true, due: '2026-01-12', daysLeft: 31 });
    expect(c.appeal.reason).toContain('于都县人民政府');
  });

  it('evaluates once; a second evaluation is refused and changes nothing', async () => {
    at('2025-12-15');
    const docId = (await view()).evaluation.pending[0]!.documentId;
    const r = await srv.app.inject({ method: 'POST', url: '/api/public/case/evaluations', headers: portal, payload: { documentId: docId, rating: 'dissatisfied', comment: '工资尚未全部到账' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<PublicCase>().evaluation).toMatchObject({ open: false, pending: [], done: [{ documentId: docId, rating: 'dissatisfied' }] });
    const events = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json<{ action: string; actorKind: string; data: { result?: string } }[]>();
    expect(events.at(-1)).toMatchObject({ action: 'evaluate', actorKind: 'petitioner', data: { result: 'unsatisfied' } });
    const again = await srv.app.inject({ method: 'POST', url: '/api/public/case/evaluations', headers: portal, payload: { documentId: docId, rating: 'satisfied' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_EVALUATED' });
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json()).toHaveLength(events.length);
  });

  it('requests review within the window: the engine routes it to the county government, with the attachment', async () => {
    at('2026-01-05');
    const m = multipart(Buffer.concat([PNG, Buffer.from('x')]), '转账记录.png', 'file', 'image/png');
    const up = await srv.app.inject({ method: 'POST', url: '/api/public/attachments', payload: m.payload, headers: { ...m.headers, ...BROWSER } });
    expect(up.statusCode).toBe(201);
    const r = await srv.app.inject({ method: 'POST', url: '/api/public/case/appeals', headers: { cookie: `${portal.cookie}; ${BROWSER.cookie}` }, payload: { kind: 'review', reasons: '公司仅支付部分工资', attachments: [up.json()] } });
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json<PublicCase>();
    expect(c.state).toBe('review_requested');
    expect(c.steps.at(-1)).toMatchObject({ on: '2026-01-05', label: '请求复查', organ: '于都县人民政府' });
    expect(c.appeal).toMatchObject({ kind: 'review', open: false });
    expect(c.attachments.map((a) => a.sha256)).toContain(up.json().sha256);
    const q = (await srv.as('xian_handler', 'GET', '/api/cases')).json<{ items: { id: string }[] }>();
    expect(q.items.map((i) => i.id)).toContain(id);
    // The review organ may download the appeal's attachment.
    expect((await srv.as('xian_handler', 'GET', `/api/cases/${id}/attachments/${up.json().sha256}`)).statusCode).toBe(200);
    // A second request, or a re-review now, is refused.
    const dup = await srv.app.inject({ method: 'POST', url: '/api/public/case/appeals', headers: portal, payload: { kind: 'rereview', reasons: '再次申请' } });
    expect(dup.statusCode).toBe(409);
  });

  it('review decided and served, re-review requested online, decided and served — final: the portal says so', async () => {
    await act('xian_handler', '2026-01-06', 'accept_review', {});
    await act('xian_handler', '2026-01-29', 'draft_review_opinion', { ...opinionInput('u-xian_leader'), decision: 'uphold' });
    await act('xian_leader', '2026-01-30', 'sign_review_opinion', { approvalId: 3 });
    await act('xian_handler', '2026-02-02', 'serve', { method: 'mail', servedOn: '2026-02-02' });
    let c = await view();
    expect(c.documents.map((d) => d.kind)).toContain('review_opinion');
    expect(c.appeal).toMatchObject({ kind: 'rereview', open: true, due: '2026-03-04' });
    at('2026-02-10');
    const r = await srv.app.inject({ method: 'POST', url: '/api/public/case/appeals', headers: portal, payload: { kind: 'rereview', reasons: '对复查意见不服' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<PublicCase>().steps.at(-1)).toMatchObject({ label: '请求复核', organ: '赣州市人民政府' });
    await act('shi_handler', '2026-02-11', 'accept_rereview', {});
    await act('shi_handler', '2026-03-15', 'draft_rereview_opinion', { ...opinionInput('u-shi_leader'), decision: 'uphold' });
    await act('shi_leader', '2026-03-16', 'sign_rereview_opinion', { approvalId: 4, note: INTERNAL_NOTE });
    await act('shi_handler', '2026-03-18', 'serve', { method: 'in_person', servedOn: '2026-03-18' });
    c = await view();
    expect(c).toMatchObject({ state: 'rereview_served', stateLabel: '复核意见已送达（最终意见）', final: true });
    expect(c.finalityNote).toContain('不再受理');
    expect(c.appeal).toMatchObject({ kind: null, open: false });
    expect(c.steps.at(-1)).toMatchObject({ label: '复核意见送达', organ: '赣州市人民政府' });
    expect(c.documents.map((d) => d.kind)).toEqual(expect.arrayContaining(['review_acceptance_notice', 'review_opinion', 'rereview_acceptance_notice', 'rereview_opinion']));
    expect(c.documents.find((d) => d.kind === 'rereview_opinion')!.data.nextStep).toContain('第三十六条第三款');
    expect(JSON.stringify(c)).not.toContain(INTERNAL_NOTE);
    for (const u of DEMO_USERS.filter((x) => ['xian_handler', 'xian_leader', 'shi_handler', 'shi_leader'].includes(x.username))) expect(JSON.stringify(c)).not.toContain(u.name);
  });

  it('the rights card: masked name, every step, the office', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/public/case/rights-card', headers: portal });
    expect(r.statusCode).toBe(200);
    const card = r.json<{ number: string; petitionerName: string; steps: unknown[]; office: string; queryHint: string }>();
    expect(card).toMatchObject({ number, petitionerName: '钟**', office: '于都县信访局' });
    expect(card.steps.length).toBe((await view()).steps.length);
    expect(JSON.stringify(card)).not.toContain('钟德福');
  });
});

describe('non-acceptance (Art 19 ¶3) and diversion in the public view', () => {
  it('shows the notice with its reason, basis and where the matter is handled — and nothing of the forwarding note', async () => {
    clock.set('2025-09-20');
    // The matter is already accepted by 贡江镇; the petitioner then takes it to the county government.
    const registered = async (user: string, over: Record<string, unknown> = {}) => {
      const r = await srv.as(user, 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2025-09-20', ...over }) });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ case: { id: string; number: string }; queryCode: string }>();
    };
    const earlier = await registered('gj_handler');
    for (const [action, input] of [['take_own_remit', { howHandled: '本镇办理' }], ['accept', {}]] as const) {
      expect((await srv.as('gj_handler', 'POST', `/api/cases/${earlier.case.id}/actions/${action}`, { input })).statusCode).toBe(200);
    }
    const a = await registered('xian_handler', { linkedCaseIds: [earlier.case.id] });
    const b = await srv.submit({ title: '劳动合同纠纷' });
    const idb = await srv.caseId(b.caseNumber);
    expect((await srv.as('xfj_officer', 'POST', `/api/cases/${idb}/actions/forward`, { input: { targetOrganId: 'county-rsj', note: INTERNAL_NOTE } })).statusCode).toBe(200);
    const declined = await srv.as('xian_handler', 'POST', `/api/cases/${a.case.id}/actions/decline`, { input: { earlierCaseId: earlier.case.id, reason: '同一事项已由贡江镇受理办理' } });
    expect(declined.statusCode, declined.body).toBe(200);
    expect((await srv.as('rsj_handler', 'POST', `/api/cases/${idb}/actions/divert`, { input: { route: 'arbitration', guidance: '请向县劳动人事争议仲裁委员会申请仲裁' } })).statusCode).toBe(200);
    const va = (await srv.app.inject({ method: 'GET', url: '/api/public/case', headers: await srv.follow(a.queryCode) })).json<PublicCase>();
    expect(va).toMatchObject({ state: 'not_accepted', stateLabel: '不予受理', appeal: { kind: null, open: false } });
    expect(va.steps.at(-1)).toMatchObject({ label: '不予受理', organ: '于都县人民政府' });
    expect(va.documents).toEqual([expect.objectContaining({
      kind: 'non_acceptance_notice',
      data: expect.objectContaining({ reason: '同一事项已由贡江镇受理办理', basis: '《信访工作条例》第十九条第三款', earlierCaseNumber: earlier.case.number, earlierOrganName: '于都县贡江镇人民政府' }),
    })]);
    expect(String(va.documents[0]!.data.channel)).toContain('请等待其书面处理意见');
    expect(va.steps.at(-1)!.documentId).toBe(va.documents[0]!.id);
    const vb = (await srv.app.inject({ method: 'GET', url: '/api/public/case', headers: await srv.follow(b.queryCode) })).json<PublicCase>();
    expect(vb.steps.at(-1)).toMatchObject({ label: '导入法定途径', text: '请通过仲裁途径解决' });
    expect(vb.documents[0]).toMatchObject({ kind: 'diversion_guidance', data: { route: 'arbitration', routeLabel: '仲裁', guidance: '请向县劳动人事争议仲裁委员会申请仲裁' } });
    expect(JSON.stringify([va, vb])).not.toContain(INTERNAL_NOTE);
  });
});

describe('windows', () => {
  /** Submitted online, forwarded, accepted, answered and served on the given days (in that order). */
  async function submittedAndServed(title: string, [submitted, forwarded, accepted, issued, served]: string[]) {
    clock.set(submitted!);
    const r = await srv.submit({ title });
    const id = await srv.caseId(r.caseNumber);
    const steps: [string, string, string, Record<string, unknown>][] = [
      ['xfj_officer', forwarded!, 'forward', { targetOrganId: 'county-rsj' }],
      ['rsj_handler', accepted!, 'accept', {}],
      ['rsj_handler', issued!, 'draft_opinion', opinionInput('u-rsj_leader')],
      ['rsj_leader', issued!, 'sign_opinion', { approvalId: 1 }],
      ['rsj_handler', served!, 'serve', { method: 'mail', servedOn: served }],
    ];
    for (const [user, date, action, input] of steps) {
      clock.set(date);
      const res = await srv.as(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
      expect(res.statusCode, res.body).toBe(200);
    }
    return { r, id };
  }

  it('after 30 days the evaluation and the review request are refused, and nothing changes', async () => {
    const { r, id } = await submittedAndServed('窗口期测试', ['2025-09-20', '2025-09-22', '2025-09-26', '2025-10-20', '2025-10-21']);
    const headers = await srv.follow(r.queryCode);
    clock.set('2025-11-21'); // served 10-21: evaluation until 11-20, review until 11-20
    const c = (await srv.app.inject({ method: 'GET', url: '/api/public/case', headers })).json<PublicCase>();
    expect(c.evaluation).toMatchObject({ open: false, pending: [] });
    expect(c.appeal).toMatchObject({ kind: 'review', open: false, due: '2025-11-20' });
    const docId = c.documents.find((d) => d.kind === 'opinion')!.id;
    const before = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json<unknown[]>();
    const ev = await srv.app.inject({ method: 'POST', url: '/api/public/case/evaluations', headers, payload: { documentId: docId, rating: 'satisfied' } });
    expect(ev.statusCode).toBe(422);
    expect(ev.json()).toMatchObject({ code: 'EVALUATION_WINDOW_CLOSED' });
    const ap = await srv.app.inject({ method: 'POST', url: '/api/public/case/appeals', headers, payload: { kind: 'review', reasons: '不服' } });
    expect(ap.statusCode).toBe(422);
    expect(ap.json()).toMatchObject({ code: 'REVIEW_WINDOW_EXPIRED' });
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json()).toHaveLength(before.length);
  });

  it('served in December, the review window ends in a year whose holidays are not entered yet: open, to a provisional date', async () => {
    const { r, id } = await submittedAndServed('跨年期限测试', ['2026-11-02', '2026-11-03', '2026-11-04', '2026-12-01', '2026-12-10']);
    const headers = await srv.follow(r.queryCode);
    clock.set('2026-12-20');
    const c = (await srv.app.inject({ method: 'GET', url: '/api/public/case', headers })).json<PublicCase>();
    // 12-10 + 30 days = 2027-01-09, a Saturday → Monday 2027-01-11 in the provisional 2027 (no notice yet).
    expect(c.appeal).toMatchObject({ kind: 'review', open: true, due: '2027-01-11', provisional: true, daysLeft: 22 });
    expect(c.appeal.reason).toContain('期限至2027-01-11（预计，以国务院公布的节假日安排为准）');
    const ap = await srv.app.inject({ method: 'POST', url: '/api/public/case/appeals', headers, payload: { kind: 'review', reasons: '对处理意见不服' } });
    expect(ap.statusCode, ap.body).toBe(200);
    expect(ap.json<PublicCase>().appeal).toMatchObject({ kind: 'review', open: false });
    expect(((await srv.as('xfj_officer', 'GET', `/api/cases/${id}`)).json<{ case: { state: string } }>()).case.state).toBe('review_requested');
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED past the limit per IP; the staff API is not limited', async () => {
    const small = await portalServer(new FakeClock('2025-09-20'), { rateLimits: { reads: 3, writes: 2, follow: 2 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await small.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode: 'ABCD-EFGH', phone: '13800000000' } })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      // challenge and verify share one budget
      const v = await small.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: '00000000-0000-4000-8000-000000000000', code: '123456' } });
      expect(v.statusCode).toBe(429);
      expect(v.json()).toMatchObject({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
      for (let i = 0; i < 3; i++) expect((await small.app.inject({ method: 'GET', url: '/api/public/guide' })).statusCode).toBe(200);
      expect((await small.app.inject({ method: 'GET', url: '/api/public/guide' })).statusCode).toBe(429);
      // Another client IP has its own budget.
      expect((await small.app.inject({ method: 'GET', url: '/api/public/guide', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) expect((await small.as('xfj_clerk', 'GET', '/api/cases')).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('counts a request carrying a staff session like any other: the portal limit applies to every client of the portal routes', async () => {
    const small = await portalServer(new FakeClock('2025-09-20'), { rateLimits: { reads: 3, writes: 2, follow: 2 } });
    try {
      // A staff bearer token and a staff session cookie (with and without its CSRF header) lift nothing.
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await small.as('xfj_clerk', 'GET', '/api/public/guide')).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const login = await small.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_officer', password: DEMO_PASSWORD }, remoteAddress: '10.0.0.7' });
      const cookie = `ms_session=${login.json<{ token: string }>().token}`;
      const follow: number[] = [];
      for (let i = 0; i < 3; i++) {
        follow.push((await small.app.inject({
          method: 'POST', url: '/api/public/follow/challenge', remoteAddress: '10.0.0.7', headers: { cookie },
          payload: { queryCode: 'ABCD-EFGH', phone: '13800000000' },
        })).statusCode);
      }
      expect(follow).toEqual([200, 200, 429]);
      // The staff API itself stays unlimited for that client.
      for (let i = 0; i < 5; i++) expect((await small.as('xfj_clerk', 'GET', '/api/cases')).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});
