/**
 * The outbox through the real API: each event that concerns the petitioner writes exactly one SMS
 * row per petitioner's mobile in its own transaction, with the right wording once delivered; a
 * refused action writes none; anonymous petitions get none; the phone and the query code are never
 * in clear in the table or the logs; an administrator's template change applies to messages
 * rendered after it.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildServer } from '../../src/http/server.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { outboxPlace } from '../../src/notify/outbox.js';
import { FileSmsAdapter, readSmsFile } from '../../src/notify/sms/file.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testDatabase } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { CapturingLogger, outboxRows, tempSmsFile } from './support/notify.js';

const PHONE = '13907971234';
const clock = new FakeClock('2025-09-20');
const serverLog: string[] = [];
const logger = new CapturingLogger();
const smsFile = tempSmsFile();
let srv: Awaited<ReturnType<typeof start>>;

async function start() {
  const database = await testDatabase();
  await seedReference(database.db);
  const logStream = new Writable({ write(chunk, _enc, cb) { serverLog.push(String(chunk)); cb(); } });
  const { app, services } = await buildServer(database, { clock, crypto: new FieldCrypto(TEST_KEYRING), logStream });
  await app.ready();
  const tokens = new Map<string, string>();
  const as = async (username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    if (!tokens.has(username)) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      tokens.set(username, r.json<{ token: string }>().token);
    }
    return app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${tokens.get(username)}` } });
  };
  const worker = services.notifications.worker(new FileSmsAdapter(smsFile, logger, clock), {}, logger);
  return { app, services, database, as, worker, close: async () => { await app.close(); await database.close(); } };
}

beforeAll(async () => {
  srv = await start();
});
afterAll(async () => {
  await srv.close();
});

const opinionInput = (approverId: string) => ({
  outcomes: [
    { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
    { requestNo: 2, outcome: 'explain', reasoning: '对公司负责人的处理另行立案。' },
  ],
  facts: '经调查，该公司拖欠工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId,
});

async function register(over: Record<string, unknown> = {}) {
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: clock.today(), ...over }) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ case: { id: string; number: string }; queryCode: string }>();
}

async function act(id: string, user: string, date: string, action: string, input: Record<string, unknown>) {
  clock.set(date);
  const r = await srv.as(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
  expect(r.statusCode, `${action} by ${user}: ${r.body}`).toBe(200);
}

/** Deliver everything due and return the SMS file's lines of one case (by its number in the text). */
async function deliveredFor(number: string) {
  while ((await srv.worker.runOnce()).claimed > 0) { /* until nothing is due */ }
  return (await readSmsFile(smsFile)).filter((l) => l.text.includes(number));
}

describe('SMS outbox through the case lifecycle', () => {
  let id = '';
  let number = '';
  let queryCode = '';

  it('registration: one message with the case number and the query code', async () => {
    const r = await register();
    ({ id, number } = r.case);
    queryCode = r.queryCode;
    const rows = (await outboxRows(srv.database.db)).filter((x) => x.caseId === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ templateKey: 'registered', eventSeq: 1, status: 'pending', channel: 'sms' });
    const lines = await deliveredFor(number);
    expect(lines.map((l) => l.text)).toEqual([`【民声】您的信访事项已登记，编号${number}，查询码${queryCode}，可登录网上信访平台查询办理进度。`]);
    expect(lines[0]!.phone).toBe('139****1234');
  });

  it('routing is internal (no message); acceptance tells the organ and the due date', async () => {
    await act(id, 'xfj_officer', '2025-09-22', 'forward', { targetOrganId: 'county-rsj' });
    await act(id, 'rsj_handler', '2025-09-26', 'accept', {});
    const lines = await deliveredFor(number);
    expect(lines.map((l) => l.templateKey)).toEqual(['registered', 'accepted']);
    expect(lines[1]!.text).toBe(`【民声】您的信访事项（编号${number}）已由于都县人力资源和社会保障局受理，将于2025年11月25日前出具处理意见，请留意查收。`);
  });

  it('a refused action (an extension request naming no leader) leaves no outbox row', async () => {
    const before = (await outboxRows(srv.database.db)).length;
    clock.set('2025-11-10');
    const r = await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/request_extension`, { input: { days: 30, reason: '需补充调查', approverId: 'u-rsj_handler' } });
    expect(r.statusCode).toBe(422);
    expect((await outboxRows(srv.database.db)).length).toBe(before);
  });

  it('extension (told when the head approves, not when it is asked), opinion served with the invitation to evaluate', async () => {
    await act(id, 'rsj_handler', '2025-11-10', 'request_extension', { days: 30, reason: '涉及多名务工人员，需补充调查取证', approverId: 'u-rsj_leader' });
    expect((await deliveredFor(number)).map((l) => l.templateKey)).toEqual(['registered', 'accepted']);
    await act(id, 'rsj_leader', '2025-11-11', 'approve_extension', { approvalId: 1 });
    await act(id, 'rsj_handler', '2025-12-09', 'draft_opinion', opinionInput('u-rsj_leader'));
    await act(id, 'rsj_leader', '2025-12-10', 'sign_opinion', { approvalId: 2 });
    await act(id, 'rsj_handler', '2025-12-12', 'serve', { method: 'in_person', servedOn: '2025-12-12' });
    const lines = await deliveredFor(number);
    expect(lines.map((l) => l.templateKey)).toEqual(['registered', 'accepted', 'extended', 'opinion_served']);
    expect(lines[2]!.text).toMatch(new RegExp(`编号${number}）因情况复杂，经批准延长办理期限30日，.+将于2025年12月25日前出具处理意见。`));
    expect(lines[3]!.text).toContain('处理意见已由');
    expect(lines[3]!.text).toContain('欢迎登录网上信访平台对办理情况作出评价');
    expect(lines[3]!.text).not.toContain(queryCode);
  });

  it('review and re-review decisions served; the re-review message says the opinion is final', async () => {
    await act(id, 'xian_handler', '2026-01-05', 'request_review', { reasons: '公司仅支付部分工资' });
    await act(id, 'xian_handler', '2026-01-06', 'accept_review', {});
    await act(id, 'xian_handler', '2026-01-29', 'draft_review_opinion', { ...opinionInput('u-xian_leader'), decision: 'uphold' });
    await act(id, 'xian_leader', '2026-01-30', 'sign_review_opinion', { approvalId: 3 });
    await act(id, 'xian_handler', '2026-02-02', 'serve', { method: 'mail', servedOn: '2026-02-02' });
    await act(id, 'shi_handler', '2026-02-10', 'request_rereview', { reasons: '对复查意见不服' });
    await act(id, 'shi_handler', '2026-02-11', 'accept_rereview', {});
    await act(id, 'shi_handler', '2026-03-15', 'draft_rereview_opinion', { ...opinionInput('u-shi_leader'), decision: 'uphold' });
    await act(id, 'shi_leader', '2026-03-16', 'sign_rereview_opinion', { approvalId: 4 });
    await act(id, 'shi_handler', '2026-03-18', 'serve', { method: 'in_person', servedOn: '2026-03-18' });
    const lines = await deliveredFor(number);
    expect(lines.map((l) => l.templateKey)).toEqual(['registered', 'accepted', 'extended', 'opinion_served', 'review_served', 'rereview_served']);
    expect(lines[4]!.text).toMatch(/复查意见已由于都县人民政府送达/);
    expect(lines[5]!.text).toBe(`【民声】您的信访事项（编号${number}）复核意见已由赣州市人民政府送达，可登录网上信访平台查看。复核意见为最终意见，以同一事实和理由再次提出的，不再受理。`);
    // Exactly one row per (case, event): the event sequence numbers are distinct.
    const rows = (await outboxRows(srv.database.db)).filter((x) => x.caseId === id);
    expect(new Set(rows.map((r) => r.eventSeq)).size).toBe(rows.length);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.providerMessageId === `file-${r.id}`)).toBe(true);
  });

  it('不再受理, referral to 纪检监察 and diversion each tell the petitioner; an anonymous petition gets nothing', async () => {
    clock.set('2026-04-01');
    // The first case's re-review opinion was served: the same matter again is 不再受理 (Art 36 ¶3).
    const a = await register({ petitioners: [{ kind: 'person', name: '李四', phone: '13807970001' }], linkedCaseIds: [id] });
    const b = await register({ petitioners: [{ kind: 'person', name: '王五', phone: '0797-6221234' }, { kind: 'person', name: '赵六', phone: '138-0797-0002' }, { kind: 'person', name: '赵小六', phone: '13807970002' }], headcount: 3 });
    const c = await register({ kind: 'accusation', title: '检举某镇干部截留补贴', accusedOrganIds: ['town-tsl'], petitioners: [{ kind: 'person', name: '钱八', phone: '13807970004' }] });
    const anon = await register({ anonymous: true, petitioners: [] });
    await act(a.case.id, 'xfj_officer', '2026-04-02', 'decline_final_matter', { earlierCaseId: id, sameFactsAndReasons: true });
    await act(b.case.id, 'xfj_officer', '2026-04-02', 'forward', { targetOrganId: 'county-rsj' });
    await act(b.case.id, 'rsj_handler', '2026-04-03', 'divert', { route: 'arbitration', guidance: '请向劳动人事争议仲裁委员会申请仲裁' });
    await act(c.case.id, 'xfj_officer', '2026-04-03', 'forward_discipline', { targetOrganId: 'county-jw' });
    const la = await deliveredFor(a.case.number);
    expect(la.map((l) => l.templateKey)).toEqual(['registered', 'not_reaccepted']);
    expect(la[1]!.text).toBe(`【民声】您的信访事项（编号${a.case.number}）与已经复核的信访事项事实和理由相同，于都县信访局依法不再受理，已出具书面告知书。如有新的事实或理由，可以重新提出。`);
    const lc = await deliveredFor(c.case.number);
    expect(lc.map((l) => l.templateKey)).toEqual(['registered', 'referred']);
    expect(lc[1]!.text).toContain('已转送中共于都县纪律检查委员会、于都县监察委员会依照法定程序处理，不适用信访复查、复核程序');
    // The landline gets no SMS; the mobile, given twice (once with hyphens), gets one.
    const lb = await deliveredFor(b.case.number);
    expect(lb.map((l) => [l.templateKey, l.phone])).toEqual([['registered', '138****0002'], ['diverted', '138****0002']]);
    expect(lb[1]!.text).toContain('依法应当通过仲裁途径解决');
    expect((await outboxRows(srv.database.db)).filter((r) => r.caseId === anon.case.id)).toEqual([]);
  });

  it('never holds the phone or the query code in clear: not in the outbox table, not in the logs', async () => {
    const table = JSON.stringify(await srv.database.db.select().from(s.notificationOutbox));
    for (const secret of [PHONE, '13807970001', '13807970002', queryCode]) {
      expect(table).not.toContain(secret);
      expect(serverLog.join('\n')).not.toContain(secret);
      expect(logger.lines.join('\n')).not.toContain(secret);
    }
    expect(logger.lines.some((l) => l.includes('139****1234'))).toBe(true);
    // Readable with the key: the ciphertexts are the real values.
    const row = (await srv.database.db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.templateKey, 'registered')))[0]!;
    const fc = new FieldCrypto(TEST_KEYRING);
    expect(fc.decrypt(row.phoneEnc, outboxPlace(row.id, 'phone_enc'))).toBe(PHONE);
    expect(JSON.parse(fc.decrypt(row.paramsEnc, outboxPlace(row.id, 'params_enc')))).toEqual({ number, queryCode });
  });
});

describe('templates edited by the system administrator', () => {
  it('lists the defaults, refuses others than the system administrator', async () => {
    const list = await srv.as('admin', 'GET', '/api/admin/notification-templates');
    expect(list.statusCode).toBe(200);
    const reg = list.json<{ key: string; body: string; customised: boolean }[]>().find((t) => t.key === 'registered');
    expect(reg).toMatchObject({ customised: false, body: expect.stringContaining('查询码{queryCode}') });
    for (const u of ['xfj_officer', 'secadmin']) {
      expect((await srv.as(u, 'GET', '/api/admin/notification-templates')).statusCode).toBe(403);
      expect((await srv.as(u, 'PUT', '/api/admin/notification-templates/accepted', { body: '编号{number}已受理' })).statusCode).toBe(403);
    }
  });

  it('rejects unknown or missing placeholders and unknown keys with a Chinese message, changing nothing', async () => {
    const unknown = await srv.as('admin', 'PUT', '/api/admin/notification-templates/accepted', { body: '【民声】{name}您好，编号{number}已受理' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'TEMPLATE_PLACEHOLDER_UNKNOWN', message: expect.stringContaining('不支持的占位符：{name}') });
    const missing = await srv.as('admin', 'PUT', '/api/admin/notification-templates/registered', { body: '【民声】编号{number}已登记' });
    expect(missing.json()).toMatchObject({ code: 'TEMPLATE_PLACEHOLDER_MISSING', message: expect.stringContaining('{queryCode}（查询码）') });
    const braces = await srv.as('admin', 'PUT', '/api/admin/notification-templates/accepted', { body: '编号{number}已受理}' });
    expect(braces.json()).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect((await srv.as('admin', 'PUT', '/api/admin/notification-templates/nope', { body: '编号{number}' })).json()).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    const rows = await srv.database.db.select().from(s.notificationTemplates);
    expect(rows).toEqual([]);
  });

  it('a saved wording is audited and used for messages rendered after it', async () => {
    clock.set('2026-05-06');
    const c = await register({ petitioners: [{ kind: 'person', name: '孙七', phone: '13607970003' }] });
    const body = '【民声】您好，您的信访事项编号{number}已登记，查询码{queryCode}，请妥善保管。';
    const r = await srv.as('admin', 'PUT', '/api/admin/notification-templates/registered', { body });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ key: 'registered', body, customised: true, updatedBy: 'u-admin' });
    // Registered before the change, not yet sent: rendered now, with the new wording.
    const lines = await deliveredFor(c.case.number);
    expect(lines.map((l) => l.text)).toEqual([`【民声】您好，您的信访事项编号${c.case.number}已登记，查询码${c.queryCode}，请妥善保管。`]);
    const audit = await srv.as('auditor', 'GET', '/api/audit?action=notification_template.update');
    expect(audit.statusCode).toBe(200);
    expect(JSON.stringify(audit.json())).toContain('请妥善保管');
  });
});
