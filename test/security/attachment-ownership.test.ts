/**
 * Issue 10, finding 3: attachments are bound to their uploader and case. Someone in the accused organ
 * who learns an accusation's attachment hash (the audit shows them) cannot attach it to a case of their
 * own — at staff registration, on the portal, or to a case later (an appeal) — and so cannot read it.
 * Unknown and foreign hashes get the same answer; one's own uploads work.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { BROWSER, PNG, multipart, portalServer, publicPetition } from '../portal/support.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof portalServer>>;
/** Another petitioner's browser (its own upload cookie). */
const OTHER_BROWSER = { cookie: `ms_upload=${'o'.repeat(43)}` };
/** The file the accuser uploads: its hash is what the accused organ learns. */
const EVIDENCE = Buffer.concat([PNG, Buffer.from('accusation evidence')]);
let evidence = { name: '线索.png', sha256: '' };
let accusationId = '';

const upload = async (file: Buffer, name: string, browser: Record<string, string> = BROWSER) => {
  const m = multipart(file, name, 'file', 'image/png');
  const r = await srv.app.inject({ method: 'POST', url: '/api/public/attachments', payload: m.payload, headers: { ...m.headers, ...browser } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ name: string; sha256: string; mimeType: string; size: number }>();
};
const staffUpload = async (user: string, file: Buffer, name: string) => {
  const m = multipart(file, name, 'file', 'image/png');
  const r = await srv.as(user, 'POST', '/api/attachments', m.payload, m.headers);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ name: string; sha256: string; mimeType: string; size: number }>();
};
const submit = (over: Record<string, unknown>, browser: Record<string, string> = BROWSER) =>
  srv.app.inject({ method: 'POST', url: '/api/public/petitions', payload: publicPetition(over), headers: { 'idempotency-key': `k-${Math.random()}`, ...browser } });
const register = (user: string, attachments: unknown[]) =>
  srv.as(user, 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2025-09-20', attachments }) });
const caseCount = async () => (await srv.database.db.select({ n: count() }).from(s.cases))[0]!.n;

/** The answer to a hash nobody uploaded: a foreign hash must get exactly this. */
const UNKNOWN = { status: 422, code: 'ATTACHMENT_NOT_FOUND', message: '第1个附件不存在或未上传成功，请重新上传' };
const answer = (r: { statusCode: number; body: string }) => ({ status: r.statusCode, ...(JSON.parse(r.body) as { code: string; message: string }) });

beforeAll(async () => {
  srv = await portalServer(clock);
  // An accusation against the county housing bureau, with the accuser's evidence.
  const up = await upload(EVIDENCE, '线索.png');
  evidence = { name: up.name, sha256: up.sha256 };
  const r = await submit({ kind: 'accusation', title: '反映县住建局工作人员索要好处费', organConcernedId: 'county-zjj', attachments: [evidence] });
  expect(r.statusCode, r.body).toBe(201);
  accusationId = await srv.caseId(r.json<{ caseNumber: string }>().caseNumber);
});
afterAll(async () => {
  await srv.close();
});

describe('a hash someone else uploaded is refused, with the answer an unknown hash gets', () => {
  it('at staff registration: the accused organ cannot register a case of its own with the accuser’s file', async () => {
    const before = await caseCount();
    const unknown = await register('zjj_handler', [{ name: 'x.png', mimeType: 'image/png', size: 1, sha256: 'a'.repeat(64) }]);
    expect(answer(unknown)).toMatchObject(UNKNOWN);
    const foreign = await register('zjj_handler', [{ ...evidence, mimeType: 'image/png', size: 1 }]);
    expect(answer(foreign)).toEqual(answer(unknown));
    expect(await caseCount()).toBe(before);
    // And so it cannot read it: no case it may see links the file.
    expect((await srv.as('zjj_handler', 'GET', `/api/cases/${accusationId}/attachments/${evidence.sha256}`)).statusCode).toBe(404);
  });

  it('on the portal: another browser cannot submit a petition with it, nor can a request without an upload cookie', async () => {
    const before = await caseCount();
    const unknown = await submit({ attachments: [{ name: 'x.png', sha256: 'b'.repeat(64) }] }, OTHER_BROWSER);
    expect(answer(unknown)).toMatchObject(UNKNOWN);
    expect(answer(await submit({ attachments: [evidence] }, OTHER_BROWSER))).toEqual(answer(unknown));
    expect(answer(await submit({ attachments: [evidence] }, {}))).toEqual(answer(unknown));
    expect(await caseCount()).toBe(before);
  });

  it('even the uploader cannot attach a file already linked to another case (re-uploading it gives a fresh upload)', async () => {
    const before = await caseCount();
    expect(answer(await submit({ attachments: [evidence] }))).toMatchObject(UNKNOWN);
    expect(await caseCount()).toBe(before);
    const again = await upload(EVIDENCE, '线索.png');
    const r = await submit({ attachments: [{ name: again.name, sha256: again.sha256 }] });
    expect(r.statusCode, r.body).toBe(201);
  });

  it('a staff member’s upload is theirs only: a colleague cannot register with it', async () => {
    const mine = await staffUpload('xfj_clerk', Buffer.concat([PNG, Buffer.from('clerk scan')]), '来信.png');
    expect(answer(await register('xfj_officer', [mine]))).toMatchObject(UNKNOWN);
    const r = await register('xfj_clerk', [mine]);
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json<{ case: { id: string } }>().case.id;
    // Linked: the registrar's case now serves it, to those who may see the case.
    expect((await srv.as('xfj_clerk', 'GET', `/api/cases/${id}/attachments/${mine.sha256}`)).statusCode).toBe(200);
    const links = await srv.database.db.select().from(s.attachmentUploads).where(eq(s.attachmentUploads.sha256, mine.sha256));
    expect(links).toEqual([expect.objectContaining({ uploader: 'staff:u-xfj_clerk', caseId: id })]);
  });
});

describe('one’s own uploads work; type and size come from the store', () => {
  it('staff registration with the registrar’s own upload keeps the sniffed type and real size, not what the client said', async () => {
    const mine = await staffUpload('xfj_clerk', Buffer.concat([PNG, Buffer.from('another scan')]), '信封.png');
    const r = await register('xfj_clerk', [{ ...mine, mimeType: 'application/pdf', size: 999_999 }]);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<{ case: { content: { attachments: unknown[] } } }>().case.content.attachments)
      .toEqual([{ name: '信封.png', mimeType: 'image/png', size: PNG.length + 'another scan'.length, sha256: mine.sha256 }]);
  });
});

describe('adding to a case later (an appeal)', () => {
  let id = '';
  let portal: Record<string, string> = {};
  async function act(user: string, date: string, action: string, input: Record<string, unknown>) {
    clock.set(date);
    const r = await srv.as(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
    expect(r.statusCode, `${action} by ${user}: ${r.body}`).toBe(200);
  }

  beforeAll(async () => {
    clock.set('2025-09-20');
    const own = await upload(Buffer.concat([PNG, Buffer.from('wage slip')]), '工资条.png');
    const r = await submit({ attachments: [{ name: own.name, sha256: own.sha256 }] });
    expect(r.statusCode, r.body).toBe(201);
    const receipt = r.json<{ caseNumber: string; queryCode: string }>();
    id = await srv.caseId(receipt.caseNumber);
    portal = await srv.follow(receipt.queryCode);
    await act('xfj_officer', '2025-09-22', 'forward', { targetOrganId: 'county-rsj' });
    await act('rsj_handler', '2025-09-26', 'accept', {});
    await act('rsj_handler', '2025-10-20', 'draft_opinion', {
      outcomes: [{ requestNo: 1, outcome: 'support', reasoning: '属实。' }, { requestNo: 2, outcome: 'explain', reasoning: '另行处理。' }],
      facts: '经调查属实。', basis: '《保障农民工工资支付条例》第三条', approverId: 'u-rsj_leader',
    });
    await act('rsj_leader', '2025-10-21', 'sign_opinion', { approvalId: 1 });
    await act('rsj_handler', '2025-10-22', 'serve', { method: 'in_person', servedOn: '2025-10-22' });
    clock.set('2025-11-03');
  });

  const appeal = (attachments: unknown[], browser: Record<string, string> = BROWSER) => srv.app.inject({
    method: 'POST', url: '/api/public/case/appeals', headers: { cookie: `${portal.cookie ?? ''}; ${browser.cookie ?? ''}` },
    payload: { kind: 'review', reasons: '不服处理意见', attachments },
  });

  it('refuses a foreign hash (the accusation’s evidence) and an unknown one alike, and changes nothing', async () => {
    const events = async () => (await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`)).json<unknown[]>().length;
    const before = await events();
    const unknown = await appeal([{ name: 'x.png', sha256: 'c'.repeat(64) }]);
    expect(answer(unknown)).toMatchObject(UNKNOWN);
    expect(answer(await appeal([evidence]))).toEqual(answer(unknown));
    // Another browser's fresh upload is foreign too.
    const theirs = await upload(Buffer.concat([PNG, Buffer.from('theirs')]), '他人.png', OTHER_BROWSER);
    expect(answer(await appeal([{ name: theirs.name, sha256: theirs.sha256 }]))).toEqual(answer(unknown));
    expect(await events()).toBe(before);
    expect(await srv.database.db.select().from(s.caseAttachmentLinks).where(eq(s.caseAttachmentLinks.caseId, id))).toHaveLength(0);
  });

  it('accepts the petitioner’s own new upload and a file already on this same case', async () => {
    const fresh = await upload(Buffer.concat([PNG, Buffer.from('bank record')]), '转账记录.png');
    const onCase = (await srv.database.db.select().from(s.attachmentUploads).where(eq(s.attachmentUploads.caseId, id)))[0]!;
    const r = await appeal([{ name: fresh.name, sha256: fresh.sha256 }, { name: '工资条.png', sha256: onCase.sha256 }]);
    expect(r.statusCode, r.body).toBe(200);
    const links = await srv.database.db.select().from(s.caseAttachmentLinks).where(eq(s.caseAttachmentLinks.caseId, id));
    expect(links.map((l) => l.sha256).sort()).toEqual([fresh.sha256, onCase.sha256].sort());
  });
});
