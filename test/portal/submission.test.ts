/**
 * Online submission (网上信访) and uploads: validation with clear Chinese messages and nothing
 * saved on refusal, idempotent retries, content sniffing of uploads, the guide and reference data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { BROWSER, PDF, PNG, multipart, portalServer, publicPetition } from './support.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof portalServer>>;
const MAX = 100_000;

beforeAll(async () => {
  srv = await portalServer(clock, { maxAttachmentBytes: MAX });
});
afterAll(async () => {
  await srv.close();
});

async function counts() {
  const [c] = await srv.database.db.select({ n: count() }).from(s.cases);
  const [a] = await srv.database.db.select({ n: count() }).from(s.attachments);
  const [k] = await srv.database.db.select({ n: count() }).from(s.idempotencyKeys);
  return { cases: c!.n, attachments: a!.n, keys: k!.n };
}
const post = (payload: unknown, key = `key-${Math.random()}`) =>
  srv.app.inject({ method: 'POST', url: '/api/public/petitions', payload: payload as never, headers: { 'idempotency-key': key, ...BROWSER } });
const upload = (file: Buffer, name: string, type?: string) =>
  srv.app.inject({ method: 'POST', url: '/api/public/attachments', ...withBrowser(multipart(file, name, 'file', type)) });
const withBrowser = (m: ReturnType<typeof multipart>) => ({ payload: m.payload, headers: { ...m.headers, ...BROWSER } });

describe('uploads: type decided by content', () => {
  it('accepts a PNG named .pdf as image/png, and a real PDF', async () => {
    const r = await upload(PNG, '证据.pdf', 'application/pdf');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ name: '证据.pdf', mimeType: 'image/png', size: PNG.length });
    expect(r.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const p = await upload(PDF, 'scan.bin', 'application/octet-stream');
    expect(p.json()).toMatchObject({ mimeType: 'application/pdf' });
  });

  it('rejects HTML or an EXE named .pdf (415), an oversize file (413), a missing file — and stores nothing', async () => {
    const before = await counts();
    const html = await upload(Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), '证据.pdf');
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED' });
    expect(html.json().message).toContain('PDF');
    const exe = Buffer.alloc(512);
    exe.write('MZ', 0);
    exe.writeUInt32LE(128, 0x3c);
    exe.write('PE\0\0', 128, 'binary');
    const e = await upload(exe, 'invoice.pdf');
    expect(e.statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX + 1 - PNG.length)]);
    const b = await upload(big, 'big.png', 'image/png');
    expect(b.statusCode).toBe(413);
    expect(b.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect(b.json().message).toMatch(/不得超过/);
    const none = await srv.app.inject({ method: 'POST', url: '/api/public/attachments', payload: { file: 'x' } });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'ATTACHMENT_REQUIRED' });
    expect(await counts()).toEqual(before);
  });

  it('staff upload: same checks, needs a session', async () => {
    expect((await srv.app.inject({ method: 'POST', url: '/api/attachments', ...multipart(PNG, 'a.png') })).statusCode).toBe(401);
    const m = multipart(PDF, '材料.pdf');
    const ok = await srv.as('xfj_clerk', 'POST', '/api/attachments', m.payload, m.headers);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ mimeType: 'application/pdf' });
  });
});

describe('submission', () => {
  it.each([
    ['bad ID checksum', { petitioner: { ...publicPetition().petitioner, idNumber: '360731197805120016' } }, 'ID_NUMBER_INVALID', '身份证号码'],
    ['person without ID number', { petitioner: { kind: 'person', name: '钟德福', phone: '13907971234' } }, 'INPUT_REQUIRED', '身份证号码'],
    ['bad phone', { petitioner: { ...publicPetition().petitioner, phone: '12345' } }, 'PHONE_INVALID', '联系电话'],
    ['no requests', { requests: [] }, 'INPUT_REQUIRED', '诉求'],
    ['blank request', { requests: ['支付工资', '  '] }, 'INPUT_REQUIRED', '第2项诉求'],
    ['region outside the province', { regionCode: '110101' }, 'REGION_INVALID', '地区'],
    ['organ not in the region', { organConcernedId: 'town-tsl' }, 'ORGAN_NOT_FOUND', '涉及机关'],
    ['unknown attachment', { attachments: [{ name: 'x.png', mimeType: 'image/png', size: 1, sha256: 'a'.repeat(64) }] }, 'ATTACHMENT_NOT_FOUND', '附件'],
  ])('refuses %s with a clear message, saving nothing', async (_name, over, code, words) => {
    const before = await counts();
    const r = await post(publicPetition(over));
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code });
    expect(r.json().message).toContain(words);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body the schema rejects, and a missing idempotency key (400)', async () => {
    expect((await post({ ...publicPetition(), requests: 'x' })).statusCode).toBe(400);
    const r = await srv.app.inject({ method: 'POST', url: '/api/public/petitions', payload: publicPetition() });
    expect(r.json().code).toBe('VALIDATION_FAILED');
  });

  it('registers at the county petition bureau with a query code; a retry returns the same receipt; another body with the key → 409', async () => {
    const png = (await upload(PNG, '欠条.png')).json();
    const body = publicPetition({ attachments: [png], categoryCode: undefined });
    const first = await post(body, 'portal-retry-0001');
    expect(first.statusCode, first.body).toBe(201);
    const receipt = first.json();
    expect(receipt).toMatchObject({ receivedOn: '2025-09-20', office: '于都县信访局' });
    expect(receipt.caseNumber).toMatch(/^360731-2025-\d{6}$/);
    expect(receipt.queryCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const before = await counts();
    const again = await post(body, 'portal-retry-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(receipt);
    expect(await counts()).toEqual(before);
    const other = await post({ ...body, title: '另一件事' }, 'portal-retry-0001');
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    // Staff see it as an online petition registered by the petitioner, routing clock running (15 days).
    const id = await srv.caseId(receipt.caseNumber);
    const d = await srv.as('xfj_officer', 'GET', `/api/cases/${id}`);
    expect(d.statusCode).toBe(200);
    const detail = d.json<{
      case: { state: string; content: { channel: string; attachments: { mimeType: string }[] } };
      clocks: { kind: string; due: string }[];
    }>();
    expect(detail.case.state).toBe('registered');
    expect(detail.case.content.channel).toBe('online');
    expect(detail.case.content.attachments).toEqual([expect.objectContaining({ name: '欠条.png', mimeType: 'image/png' })]);
    expect(detail.clocks.find((c) => c.kind === 'routing')?.due).toBe('2025-10-09');
    const ev = (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json<{ actorKind: string; actorId: string | null }[]>();
    expect(ev[0]).toMatchObject({ actorKind: 'petitioner', actorId: null });
    // The staff download of the attachment: visible case → the file; another organ's user → 404.
    const file = await srv.as('xfj_officer', 'GET', `/api/cases/${id}/attachments/${png.sha256}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await srv.as('tsl_officer', 'GET', `/api/cases/${id}/attachments/${png.sha256}`)).statusCode).toBe(404);
  });

  it('a township matter with no organ named goes to the township petition office', async () => {
    const r = await srv.submit({ regionCode: '360731101', organConcernedId: undefined, petitioner: { kind: 'organisation', name: '黄麟村合作社', phone: '0797-6221234' } });
    expect(r.office).toBe('铁山垅镇信访办');
  });
});

describe('an accusation (检举控告) submitted online', () => {
  it('never lands in the accused organ; its material is withheld from staff who may not see the accuser (Art 30)', async () => {
    const png = (await upload(Buffer.concat([PNG, Buffer.from('accusation')]), '线索.png')).json();
    const r = await srv.submit({ kind: 'accusation', title: '反映县住建局工作人员索要好处费', organConcernedId: 'county-zjj', attachments: [png] });
    expect(r.office).toBe('于都县信访局');
    const id = await srv.caseId(r.caseNumber);
    // Inside the accused organ the case does not exist, nor its attachment.
    expect((await srv.as('zjj_handler', 'GET', `/api/cases/${id}/attachments/${png.sha256}`)).statusCode).toBe(404);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}/attachments/${png.sha256}`)).statusCode).toBe(200);
    // Once the discipline body holds it, the registering bureau still sees the case but not the material.
    const f = await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward_discipline`, { input: { targetOrganId: 'county-jw' } });
    expect(f.statusCode, f.body).toBe(200);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}`)).statusCode).toBe(200);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}/attachments/${png.sha256}`)).statusCode).toBe(404);
    expect((await srv.as('jw_handler', 'GET', `/api/cases/${id}/attachments/${png.sha256}`)).statusCode).toBe(200);
    // The petitioner's own view names the organs handling it, nothing about the accused side's staff.
    const c = (await srv.app.inject({ method: 'GET', url: '/api/public/case', headers: await srv.follow(r.queryCode) })).json<{
      steps: { label: string; organ: string; text?: string }[];
      documents: { kind: string; data: Record<string, unknown> }[];
      appeal: { kind: string | null; reason?: string };
    }>();
    expect(c.steps.map((s) => s.label)).toEqual(['登记', '转送依法定程序处理']);
    expect(c.steps[1]!.text).toContain('纪律检查委员会');
    // The accuser is told where the matter went and what remedy that procedure gives (Art 22 ¶2); no 信访 review.
    expect(c.documents.map((d) => d.kind)).toEqual(['referral_notice']);
    expect(String(c.documents[0]!.data.remedy)).toContain('不适用信访复查、复核程序');
    expect(c.appeal).toMatchObject({ kind: null, reason: expect.stringContaining('不适用信访复查、复核程序') });
  });
});

describe('guide and reference data', () => {
  it('guide: organs with duties, empty rota, national time limits in plain words', async () => {
    const g = (await srv.app.inject({ method: 'GET', url: '/api/public/guide' })).json();
    expect(g.offices).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'county-xfj', name: '于都县信访局', level: '县级' })]));
    expect(g.rota).toEqual([]);
    expect(g.timeLimits.map((t: { title: string }) => t.title)).toEqual(expect.arrayContaining(['登记转送', '办理期限', '申请复查']));
    expect(g.timeLimits.find((t: { title: string }) => t.title === '办理期限').text).toContain('60日');
  });
  it('regions of the province only; categories; organs by region', async () => {
    const top = (await srv.app.inject({ method: 'GET', url: '/api/public/regions' })).json();
    expect(top).toEqual([expect.objectContaining({ name: '江西省' })]);
    const towns = (await srv.app.inject({ method: 'GET', url: '/api/public/regions?parent=360731' })).json();
    expect(towns.map((r: { code: string }) => r.code)).toContain('360731100');
    expect((await srv.app.inject({ method: 'GET', url: '/api/public/regions?parent=11' })).json()).toEqual([]);
    const cats = (await srv.app.inject({ method: 'GET', url: '/api/public/categories' })).json();
    expect(cats[0]).toEqual({ code: expect.any(String), name: expect.any(String), parentCode: null, level: 1 });
    const organs = (await srv.app.inject({ method: 'GET', url: '/api/public/organs?regionCode=360731100' })).json<{ id: string }[]>();
    expect(organs[0]).toEqual({ id: 'town-gj', name: '于都县贡江镇人民政府' });
    expect(organs.map((o) => o.id)).toEqual(expect.arrayContaining(['county-rsj', 'county', 'city', 'prov']));
    expect(organs.map((o) => o.id)).not.toContain('town-tsl');
  });
});
