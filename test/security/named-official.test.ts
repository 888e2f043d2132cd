/**
 * Issue 10, findings 1 and 4 and two low ones, over HTTP on the real server:
 *  1. an official named in an accusation (involvedUserIds, no accused organ) is treated like the
 *     accused organ (Art 30): the case is not in their ledger, queue, lookup, export or reminders,
 *     every case route answers as for a case that does not exist, and the accuser is never shown;
 *  4. the opinion on an accusation (facts, basis, each request's reasoning) is withheld, by the
 *     rule that withholds the accusation's material, in detail, /events and /documents;
 *  - linking or merging into a case the user cannot see is refused exactly as for a missing case;
 *  - a recused user (回避) cannot unmask, and the refusal is audited.
 * The expected answers are stated here by hand (who is named, who holds the case), not computed.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const ID = '360731197805120015';
const PHONE = '13907971234';
const ADDRESS = '于都县贡江镇长征村十三组';
const ACCUSER = '钟德福';
const FACTS = '2025年5月起县人社局某干部截留农民工工资保证金';
const OPINION_FACTS = '经查明：该干部于2025年6月挪用保证金十二万元';
const OPINION_BASIS = '《中国共产党纪律处分条例》第一百零一条';
const OPINION_REASONING = '违规事实清楚，证据确凿，予以立案审查';
const NO_SUCH_CASE = '00000000-0000-4000-8000-00000000beef';
const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
/** An accusation naming 李娟 (rsj_handler) and 赵德明 (xfj_viewer), no accused organ, forwarded to 县人社局. */
let namedId = '';
let namedNumber = '';
/** An accusation against 贡江镇, handled by 县人社局 (the organ handling it, Art 30) up to a signed opinion. */
let opinionId = '';

const petition = (over: Record<string, unknown> = {}) => samplePetition({
  receivedOn: '2026-03-02',
  petitioners: [{ kind: 'person', name: ACCUSER, idNumber: ID, phone: PHONE, address: ADDRESS }],
  facts: FACTS,
  ...over,
});

async function ok(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const r = await srv.as(user, method, url, payload);
  expect(r.statusCode, `${user} ${method} ${url}: ${r.body.slice(0, 300)}`).toBeLessThan(300);
  return r;
}

beforeAll(async () => {
  srv = await testServer(clock);
  const reg = await ok('xfj_clerk', 'POST', '/api/cases', {
    petition: petition({ kind: 'accusation', title: '检举县人社局干部截留保证金', organsConcerned: ['county-rsj'], accusedOrganIds: [], involvedUserIds: ['u-rsj_handler', 'u-xfj_viewer'] }),
  });
  namedId = reg.json<{ case: { id: string; number: string } }>().case.id;
  namedNumber = reg.json<{ case: { id: string; number: string } }>().case.number;
  await ok('xfj_officer', 'POST', `/api/cases/${namedId}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });

  const acc = await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ kind: 'accusation', title: '检举贡江镇干部挪用资金', accusedOrganIds: ['town-gj'], organsConcerned: [] }) });
  opinionId = acc.json<{ case: { id: string } }>().case.id;
  await ok('xfj_officer', 'POST', `/api/cases/${opinionId}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
  await ok('rsj_handler', 'POST', `/api/cases/${opinionId}/actions/accept`, { input: {} });
  const requests = (await ok('rsj_handler', 'GET', `/api/cases/${opinionId}`)).json<{ case: { content: { requests: { no: number }[] } } }>().case.content.requests;
  await ok('rsj_handler', 'POST', `/api/cases/${opinionId}/actions/draft_opinion`, {
    input: {
      outcomes: requests.map((r) => ({ requestNo: r.no, outcome: 'support', reasoning: OPINION_REASONING })),
      facts: OPINION_FACTS, basis: OPINION_BASIS, approverId: 'u-rsj_leader',
    },
  });
  await ok('rsj_leader', 'POST', `/api/cases/${opinionId}/actions/sign_opinion`, { input: { approvalId: 1 } });
}, 120_000);
afterAll(async () => {
  await srv.close();
});

/** Every cell of the ledger's Excel export, as one text. */
async function exportedText(user: string): Promise<string> {
  const r = await ok(user, 'GET', '/api/cases/ledger/export');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => { cells.push(c.text); })));
  return cells.join('\n');
}

const ids = (r: Awaited<ReturnType<typeof srv.as>>) => r.json<{ items: { id?: string; caseId?: string }[] }>().items.map((i) => i.id ?? i.caseId);

describe('finding 1: an official named in an accusation (Art 30)', () => {
  const CASE_ROUTES = (id: string) => [
    ['GET', `/api/cases/${id}`], ['GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`], ['GET', `/api/cases/${id}/actions`],
    ['GET', `/api/cases/${id}/events`], ['GET', `/api/cases/${id}/documents`],
  ] as const;

  it('every case route answers the named officials as for a case that does not exist, and never shows the accuser', async () => {
    for (const user of ['rsj_handler', 'xfj_viewer']) {
      for (const [method, url] of CASE_ROUTES(namedId)) {
        const r = await srv.as(user, method, url);
        const missing = await srv.as(user, method, url.replace(namedId, NO_SUCH_CASE));
        expect(r.statusCode, `${user} ${url}`).toBe(404);
        expect(r.body.split(namedId).join('<id>'), `${user} ${url}`).toBe(missing.body.split(NO_SUCH_CASE).join('<id>'));
        for (const secret of [ACCUSER, ID, PHONE, ADDRESS, FACTS, namedNumber]) expect(r.body).not.toContain(secret);
      }
      const act = await srv.as(user, 'POST', `/api/cases/${namedId}/actions/declare_conflict`, { input: { reason: '涉及本人' } });
      expect(act.statusCode, user).toBe(404);
    }
  });

  it('the colleagues who are not named still read it: the holder unmasks the accuser, the registrar reads it masked', async () => {
    const pd = await ok('rsj_leader', 'GET', `/api/cases/${namedId}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`);
    expect(pd.json<{ petitioners: { name: string; idNumber: string }[] }>().petitioners[0]).toMatchObject({ name: ACCUSER, idNumber: ID });
    const d = await ok('xfj_officer', 'GET', `/api/cases/${namedId}`);
    expect(d.body).not.toContain(ACCUSER);
    expect(d.body).not.toContain(FACTS);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${namedId}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`)).statusCode).toBe(403);
  });

  it('the ledger, queue, lookup by ID number and export omit it for the named officials, and list it for their colleagues', async () => {
    for (const [user, colleague] of [['rsj_handler', 'rsj_leader'], ['xfj_viewer', 'xfj_officer']] as const) {
      expect(ids(await ok(user, 'GET', '/api/cases/ledger?pageSize=200'))).not.toContain(namedId);
      expect(ids(await ok(colleague, 'GET', '/api/cases/ledger?pageSize=200'))).toContain(namedId);
      expect(ids(await ok(user, 'POST', '/api/cases/lookup', { idNumber: ID }))).not.toContain(namedId);
      expect(ids(await ok(colleague, 'POST', '/api/cases/lookup', { idNumber: ID }))).toContain(namedId);
      expect(await exportedText(user)).not.toContain(namedNumber);
      expect(await exportedText(colleague)).toContain(namedNumber);
    }
    expect(ids(await ok('rsj_handler', 'GET', '/api/cases?pageSize=200'))).not.toContain(namedId);
    expect(ids(await ok('rsj_leader', 'GET', '/api/cases?pageSize=200'))).toContain(namedId);
    const counts = async (user: string) => (await ok(user, 'GET', '/api/workbench/summary')).json<{ mine: { total: number } }>().mine.total;
    expect(await counts('rsj_handler')).toBe((await counts('rsj_leader')) - 1);
  });

  it('the holder’s leader is not offered the named official as assignee, and cannot assign them', async () => {
    const r = await srv.as('rsj_leader', 'POST', `/api/cases/${namedId}/actions/assign_handler`, { input: { userId: 'u-rsj_handler' } });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'ASSIGNEE_RECUSED' });
  });

  it('reminders: the overdue accusation reminds the holder’s leader, never the named official', async () => {
    clock.set('2026-05-04');
    try {
      expect(ids(await ok('rsj_leader', 'GET', '/api/reminders'))).toContain(namedId);
      expect(ids(await ok('rsj_handler', 'GET', '/api/reminders'))).not.toContain(namedId);
    } finally {
      clock.set('2026-03-02');
    }
  });
});

describe('finding 4: an accusation’s opinion is withheld like its material', () => {
  const SECRETS = [OPINION_FACTS, OPINION_BASIS, OPINION_REASONING, FACTS];
  const routes = (id: string) => [`/api/cases/${id}`, `/api/cases/${id}/events`, `/api/cases/${id}/documents`];

  it('the organ handling it reads the opinion’s facts, basis and reasoning in detail, events and documents', async () => {
    for (const user of ['rsj_handler', 'rsj_leader']) {
      const [detail, events, documents] = await Promise.all(routes(opinionId).map(async (u) => (await ok(user, 'GET', u)).body));
      expect(detail).toContain(OPINION_FACTS);
      expect(detail).toContain(OPINION_REASONING);
      expect(events).toContain(OPINION_REASONING);
      expect(documents).toContain(OPINION_FACTS);
      expect(documents).toContain(OPINION_BASIS);
      expect(documents).toContain(OPINION_REASONING);
    }
  });

  it('users outside discipline inspection and the handling organ who see the case get none of it, anywhere', async () => {
    for (const user of ['xfj_clerk', 'xfj_officer', 'xfj_leader', 'xfj_viewer', 'xian_handler', 'xian_leader']) {
      for (const url of routes(opinionId)) {
        const body = (await ok(user, 'GET', url)).body;
        for (const secret of SECRETS) expect(body, `${user} ${url}`).not.toContain(secret);
      }
      const doc = (await ok(user, 'GET', `/api/cases/${opinionId}/documents`)).json<{ kind: string; data: { facts?: string; outcomes?: { outcome: string }[] } }[]>()
        .find((d) => d.kind === 'opinion');
      // The document is listed, its outcome kept, its text withheld.
      expect(doc?.data.facts).toMatch(/依法保护/);
      expect(doc?.data.outcomes?.[0]?.outcome).toBe('support');
    }
  });
});

describe('linking and merging into a case the user cannot see', () => {
  it('registration refuses a link to an invisible case exactly as a link to a missing one', async () => {
    const city = await ok('shi_xfj_officer', 'POST', '/api/cases', { petition: petition({ title: '市信访局登记的原件' }) });
    const cityId = city.json<{ case: { id: string } }>().case.id;
    const hidden = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '重复信访', linkedCaseIds: [cityId] }) });
    const missing = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '重复信访', linkedCaseIds: [NO_SUCH_CASE] }) });
    expect(missing.statusCode).toBe(422);
    expect(hidden.statusCode).toBe(missing.statusCode);
    expect(hidden.body.split(cityId).join('<id>')).toBe(missing.body.split(NO_SUCH_CASE).join('<id>'));
    // The county can link what it sees.
    const town = await ok('gj_clerk', 'POST', '/api/cases', { petition: petition({ title: '贡江镇登记的原件', regionCode: '360731100' }) });
    await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '重复信访', linkedCaseIds: [town.json<{ case: { id: string } }>().case.id] }) });
  });

  it('merge_as_repeat refuses an earlier case the user cannot see exactly as a missing one, and changes nothing', async () => {
    // 贡江镇 registers the earlier case; the county links the new one to it and sends it to 县人社局, which cannot see 贡江镇's case.
    const earlier = await ok('gj_clerk', 'POST', '/api/cases', { petition: petition({ title: '贡江镇在办的原件', regionCode: '360731100' }) });
    const earlierId = earlier.json<{ case: { id: string } }>().case.id;
    const later = await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '重复信访待并案', linkedCaseIds: [earlierId] }) });
    const laterId = later.json<{ case: { id: string } }>().case.id;
    await ok('xfj_officer', 'POST', `/api/cases/${laterId}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect((await srv.as('rsj_handler', 'GET', `/api/cases/${earlierId}`)).statusCode).toBe(404);
    const version = (await ok('rsj_handler', 'GET', `/api/cases/${laterId}`)).json<{ case: { version: number } }>().case.version;
    const hidden = await srv.as('rsj_handler', 'POST', `/api/cases/${laterId}/actions/merge_as_repeat`, { input: { earlierCaseId: earlierId } });
    const missing = await srv.as('rsj_handler', 'POST', `/api/cases/${laterId}/actions/merge_as_repeat`, { input: { earlierCaseId: NO_SUCH_CASE } });
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    expect(hidden.statusCode).toBe(missing.statusCode);
    expect(hidden.body.split(earlierId).join('<id>')).toBe(missing.body.split(NO_SUCH_CASE).join('<id>'));
    const after = (await ok('rsj_handler', 'GET', `/api/cases/${laterId}`)).json<{ case: { version: number; state: string } }>().case;
    expect(after).toMatchObject({ version, state: 'awaiting_acceptance' });
    // The county office, which sees the earlier case, is offered and may take the merge on a twin.
    const twin = await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '重复信访待并案（县信访局）', linkedCaseIds: [earlierId] }) });
    await ok('xfj_officer', 'POST', `/api/cases/${twin.json<{ case: { id: string } }>().case.id}/actions/merge_as_repeat`, { input: { earlierCaseId: earlierId } });
  });
});

describe('a recused user (回避) cannot unmask', () => {
  it('after declaring a conflict, personal data is refused and the refusal audited', async () => {
    const reg = await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '回避后查看个人信息' }) });
    const id = reg.json<{ case: { id: string } }>().case.id;
    await ok('xfj_officer', 'GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`); // allowed before
    await ok('xfj_officer', 'POST', `/api/cases/${id}/actions/declare_conflict`, { input: { reason: '信访人系本人亲属' } });
    const r = await srv.as('xfj_officer', 'GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`);
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain(ID);
    expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
    const audited = await srv.database.db.select({ outcome: s.auditLog.outcome }).from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'case.unmask'), eq(s.auditLog.targetId, id), eq(s.auditLog.actorId, 'u-xfj_officer')));
    expect(audited.map((a) => a.outcome)).toEqual(['ok', 'denied']);
    // The case itself stays readable (masked) to them.
    await ok('xfj_officer', 'GET', `/api/cases/${id}`);
  });

  it('a user whose relative is the petitioner (conflict keys) cannot unmask either', async () => {
    const reg = await ok('xfj_clerk', 'POST', '/api/cases', { petition: petition({ title: '亲属信访' }) });
    const id = reg.json<{ case: { id: string } }>().case.id;
    await ok('xfj_leader', 'PUT', '/api/auth/me/conflicts', { idNumber: null, relativeIdNumbers: [ID] });
    const r = await srv.as('xfj_leader', 'GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`);
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain(ID);
  });
});
