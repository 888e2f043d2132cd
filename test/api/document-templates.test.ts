/**
 * 文书模板 over HTTP: a system administrator sets the wording of the acceptance notice for the county
 * government; the next notice issued by its department (an organ below it without its own) takes it,
 * frozen in the document — its print data, its file, the portal — while a notice issued before keeps
 * its text and its frozen file's bytes; the department's own template wins over the county's; DELETE
 * goes back to the inherited one, then to the default; every change audited; mistakes refused with
 * stable codes.
 */
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentTemplates } from '../../src/app/document-templates.js';
import { DOCUMENT_TEMPLATES } from '../../src/domain/documents/document-templates.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2026-11-16');
let srv: Awaited<ReturnType<typeof testServer>>;

interface Doc { id: string; kind: string; docNumber: string; data: Record<string, unknown> }
const COUNTY_WORDING = '于都县统一文本：你（你们）的信访事项（编号{number}）已由{organ}受理。\n请求：\n{requests}\n特此告知。';
const OWN_WORDING = '人社局文本：编号{number}已受理，{due}办结。\n{requests}';

async function del(user: string, url: string) {
  return srv.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${await srv.login(user)}` } });
}
const url = (organId: string, kind: string) => `/api/admin/document-templates/${organId}/${kind}`;
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const docxText = (b: Buffer) => strFromU8(unzipSync(new Uint8Array(b))['word/document.xml']!).replace(/<[^>]+>/g, '');

let n = 0;
/** A petition registered, forwarded to the department and accepted there: its acceptance notice. */
async function acceptedNotice(): Promise<{ caseId: string; doc: Doc }> {
  clock.set('2026-11-16');
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-11-16' }) }, { 'idempotency-key': `doc-templates-${++n}` });
  expect(r.statusCode).toBe(201);
  const caseId = r.json<{ case: { id: string } }>().case.id;
  for (const [user, action, input] of [['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }], ['rsj_handler', 'accept', {}]] as const) {
    const a = await srv.as(user, 'POST', `/api/cases/${caseId}/actions/${action}`, { input });
    expect(a.statusCode, a.body).toBe(200);
  }
  const docs = (await srv.as('rsj_handler', 'GET', `/api/cases/${caseId}/documents`)).json<Doc[]>();
  return { caseId, doc: docs.find((d) => d.kind === 'acceptance_notice')! };
}
async function file(caseId: string, doc: Doc): Promise<Buffer> {
  const r = await srv.as('rsj_handler', 'GET', `/api/cases/${caseId}/documents/${doc.id}/file?format=docx`);
  expect(r.statusCode).toBe(200);
  return r.rawPayload;
}
async function portalText(caseId: string, docId: string): Promise<string> {
  const view = await srv.services.portal.service.publicCase(caseId);
  const d = view.documents.find((x) => x.id === docId)!;
  return d.content.paragraphs.map((p) => p.text).join('\n');
}
interface View { kind: string; own: { body: string } | null; inherited: { organId: string; organName: string; body: string } | null; defaultBody: string }
async function listed(organId: string, kind: string): Promise<View> {
  const r = await srv.as('admin', 'GET', `/api/admin/document-templates?organId=${organId}`);
  expect(r.statusCode).toBe(200);
  return r.json<{ items: View[] }>().items.find((i) => i.kind === kind)!;
}

beforeAll(async () => { srv = await testServer(clock); }, 240_000);
afterAll(async () => { await srv.close(); });

describe('document templates per organ, frozen at issue', () => {
  let before: { caseId: string; doc: Doc; bytes: Buffer; portal: string };

  it('lists every kind with its default and no template of the organ’s own', async () => {
    const r = await srv.as('admin', 'GET', '/api/admin/document-templates?organId=county-rsj');
    expect(r.statusCode).toBe(200);
    interface Placeholder { name: string; label: string; required: boolean; block: boolean }
    const body = r.json<{ organName: string; items: (View & { label: string; placeholders: Placeholder[] })[] }>();
    expect(body.organName).toBe('于都县人力资源和社会保障局');
    // Every kind current rules issue, but the service receipt (a form) — 24 of them.
    expect(body.items.map((i) => i.kind)).not.toContain('service_receipt');
    expect(body.items.map((i) => i.kind)).not.toContain('termination_notice');
    const notice = body.items.find((i) => i.kind === 'acceptance_notice')!;
    expect(notice).toMatchObject({ label: '受理告知书', own: null, inherited: null, defaultBody: DOCUMENT_TEMPLATES.acceptance_notice.body });
    expect(notice.placeholders).toContainEqual({ name: 'requests', label: '信访请求（逐项列出，须单独占一行）', required: true, block: true });
    expect(notice.placeholders).toContainEqual({ name: 'number', label: '信访事项编号', required: true, block: false });
  });

  it('a notice issued before any template has the default wording', async () => {
    const { caseId, doc } = await acceptedNotice();
    expect(doc.data.template).toBeUndefined();
    const bytes = await file(caseId, doc);
    expect(docxText(bytes)).toContain('经审查，该事项属于本机关职责范围');
    before = { caseId, doc, bytes, portal: await portalText(caseId, doc.id) };
    expect(before.portal).toContain('经审查，该事项属于本机关职责范围');
  });

  it('the county’s template applies to the next notice of its department, frozen in the document, the file and the portal', async () => {
    const put = await srv.as('admin', 'PUT', url('county', 'acceptance_notice'), { body: `  ${COUNTY_WORDING.replace('\n请求：', '\n\n请求：  ')}\n` });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<View>().own?.body).toBe(COUNTY_WORDING); // lines trimmed, the blank one dropped
    expect(await listed('county-rsj', 'acceptance_notice')).toMatchObject({ own: null, inherited: { organId: 'county', organName: '于都县人民政府', body: COUNTY_WORDING } });

    const { caseId, doc } = await acceptedNotice();
    expect(doc.data.template).toBe(COUNTY_WORDING);
    const text = docxText(await file(caseId, doc));
    expect(text).toContain('于都县统一文本：你（你们）的信访事项（编号');
    expect(text).toContain('已由于都县人力资源和社会保障局受理。');
    expect(text).not.toContain('经审查，该事项属于本机关职责范围');
    expect(await portalText(caseId, doc.id)).toContain('于都县统一文本');
  });

  it('leaves the notice issued before as it was: its data, its portal text, its file’s bytes', async () => {
    const docs = (await srv.as('rsj_handler', 'GET', `/api/cases/${before.caseId}/documents`)).json<Doc[]>();
    expect(docs.find((d) => d.id === before.doc.id)?.data.template).toBeUndefined();
    expect(await portalText(before.caseId, before.doc.id)).toBe(before.portal);
    const again = await file(before.caseId, before.doc);
    expect(sm3(again)).toBe(sm3(before.bytes));
  });

  it('the department’s own template wins; DELETE gives back the county’s, then the default', async () => {
    expect((await srv.as('admin', 'PUT', url('county-rsj', 'acceptance_notice'), { body: OWN_WORDING })).statusCode).toBe(200);
    expect((await acceptedNotice()).doc.data.template).toBe(OWN_WORDING);

    const d1 = await del('admin', url('county-rsj', 'acceptance_notice'));
    expect(d1.statusCode, d1.body).toBe(200);
    expect(d1.json<View>()).toMatchObject({ own: null, inherited: { organId: 'county', body: COUNTY_WORDING } });
    expect((await acceptedNotice()).doc.data.template).toBe(COUNTY_WORDING);

    expect((await del('admin', url('county', 'acceptance_notice'))).json<View>()).toMatchObject({ own: null, inherited: null });
    const last = await acceptedNotice();
    expect(last.doc.data.template).toBeUndefined();
    expect(await portalText(last.caseId, last.doc.id)).toContain('经审查，该事项属于本机关职责范围');
  });

  it('audits each change with the wording before and after', async () => {
    const rows = await srv.database.db.select().from(s.auditLog).where(eq(s.auditLog.targetType, 'document_template')).orderBy(asc(s.auditLog.seq));
    expect(rows.map((r) => [r.action, r.targetId])).toEqual([
      ['document_template.update', 'county/acceptance_notice'],
      ['document_template.update', 'county-rsj/acceptance_notice'],
      ['document_template.delete', 'county-rsj/acceptance_notice'],
      ['document_template.delete', 'county/acceptance_notice'],
    ]);
    expect(rows[0]?.detail).toMatchObject({ before: null, after: COUNTY_WORDING });
    expect(rows[2]?.detail).toMatchObject({ before: OWN_WORDING });
  });

  it('another process’s cache hears of a change on the change feed', async () => {
    const other = new DocumentTemplates(srv.database.db, srv.services.ref, srv.services.audit, clock, srv.database.changes);
    const organs = (await srv.services.ref.get()).organs;
    try {
      expect(await other.forIssue(srv.database.db, organs, 'county-rsj', 'hearing_notice')).toBeNull(); // loaded, and held
      const wording = '听证通知（县政府文本）：编号{number}，自{startedOn}起听证。';
      expect((await srv.as('admin', 'PUT', url('county', 'hearing_notice'), { body: wording })).statusCode).toBe(200);
      expect(await other.forIssue(srv.database.db, organs, 'county-rsj', 'hearing_notice')).toBe(wording);
      expect((await del('admin', url('county', 'hearing_notice'))).statusCode).toBe(200);
      expect(await other.forIssue(srv.database.db, organs, 'county-rsj', 'hearing_notice')).toBeNull();
    } finally {
      other.close();
    }
  });

  it('refuses mistakes with stable codes, and other roles', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['county', 'acceptance_notice', { body: '编号{number}{queryCode}\n{requests}' }, 422, 'TEMPLATE_PLACEHOLDER_UNKNOWN'],
      ['county', 'acceptance_notice', { body: '已受理。\n{requests}' }, 422, 'TEMPLATE_PLACEHOLDER_MISSING'],
      ['county', 'acceptance_notice', { body: '编号{number}：{requests}' }, 422, 'TEMPLATE_INVALID'],
      ['county', 'no_such_kind', { body: '编号{number}' }, 404, 'TEMPLATE_NOT_FOUND'],
      ['county', 'service_receipt', { body: '编号{number}' }, 404, 'TEMPLATE_NOT_FOUND'],
      ['no-such-organ', 'acceptance_notice', { body: '编号{number}\n{requests}' }, 422, 'ORGAN_NOT_FOUND'],
    ];
    for (const [organ, kind, body, status, code] of cases) {
      const r = await srv.as('admin', 'PUT', url(organ, kind), body);
      expect(r.statusCode, `${organ}/${kind}`).toBe(status);
      expect(r.json<{ code: string }>().code).toBe(code);
    }
    expect((await srv.as('admin', 'GET', '/api/admin/document-templates?organId=no-such-organ')).json<{ code: string }>().code).toBe('ORGAN_NOT_FOUND');
    expect((await srv.as('rsj_handler', 'PUT', url('county', 'acceptance_notice'), { body: COUNTY_WORDING })).statusCode).toBe(403);
    expect((await srv.database.db.select().from(s.documentTemplates)).length).toBe(0);
  });
});
