/**
 * GET /api/cases/{id}/documents/{documentId}/file?format=pdf|docx: an issued document as a file,
 * rendered at the first download and frozen (document_files) — the same bytes and SM3 every time,
 * concurrent first downloads included; the case's scope rules (another organ's user: 404 as for
 * the case); a bad format 400; every download audited.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2026-11-16');
let srv: Awaited<ReturnType<typeof testServer>>;
const dir = mkdtempSync(join(tmpdir(), 'minsheng-doc-api-'));
let caseId = '';
let caseNumber = '';
const docs: Record<string, { id: string; docNumber: string }> = {};

const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const fileUrl = (documentId: string, format: string) => `/api/cases/${caseId}/documents/${documentId}/file?format=${format}`;
async function act(user: string, date: string, action: string, input: Record<string, unknown>) {
  clock.set(date);
  const r = await srv.as(user, 'POST', `/api/cases/${caseId}/actions/${action}`, { input });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

beforeAll(async () => {
  srv = await testServer(clock);
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-11-16' }) }, { 'idempotency-key': 'document-files-case' });
  expect(r.statusCode).toBe(201);
  ({ id: caseId, number: caseNumber } = r.json<{ case: { id: string; number: string } }>().case);
  await act('xfj_officer', '2026-11-17', 'forward', { targetOrganId: 'county-rsj' });
  await act('rsj_handler', '2026-11-18', 'accept', {});
  await act('rsj_handler', '2026-12-01', 'draft_opinion', {
    outcomes: [
      { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
      { requestNo: 2, outcome: 'explain', reasoning: '对公司负责人的处理另行立案。' },
    ],
    facts: '经调查，该公司拖欠工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId: 'u-rsj_leader',
  });
  await act('rsj_leader', '2026-12-07', 'sign_opinion', { approvalId: 1 });
  const list = await srv.as('rsj_handler', 'GET', `/api/cases/${caseId}/documents`);
  for (const d of list.json<{ id: string; kind: string; docNumber: string }[]>()) docs[d.kind] = d;
  expect(Object.keys(docs)).toEqual(expect.arrayContaining(['forwarding_slip', 'acceptance_notice', 'opinion']));
}, 240_000);
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a document as a file', () => {
  it('downloads the acceptance notice as PDF: headers, SM3, the text layer', async () => {
    const doc = docs.acceptance_notice!;
    const r = await srv.as('rsj_handler', 'GET', fileUrl(doc.id, 'pdf'));
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`受理告知书-${doc.docNumber}.pdf`)}`);
    expect(r.headers['content-disposition']).toContain(`filename="document-${doc.id}.pdf"`);
    expect(r.headers['x-content-sm3']).toBe(sm3(r.rawPayload));
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(dir, 'a.pdf'), r.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const t of [caseNumber, '于都县人力资源和社会保障局', doc.docNumber, '2026年11月18日', '责令公司支付拖欠的三个月工资共计2.4万元']) expect(text, t).toContain(t);
  });

  it('downloads it as Word', async () => {
    const r = await srv.as('rsj_handler', 'GET', fileUrl(docs.acceptance_notice!.id, 'docx'));
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('受理告知书-'));
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(r.headers['x-content-sm3']).toBe(sm3(r.rawPayload));
  });

  it('answers the frozen bytes again, whoever asks and whenever: one stored file per format', async () => {
    const id = docs.acceptance_notice!.id;
    const first = await srv.as('rsj_handler', 'GET', fileUrl(id, 'pdf'));
    clock.set('2027-01-05');
    const again = await srv.as('xfj_officer', 'GET', fileUrl(id, 'pdf'));
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(again.headers['x-content-sm3']).toBe(first.headers['x-content-sm3']);
    const rows = await srv.database.db.select({ format: s.documentFiles.format, sm3: s.documentFiles.sm3 }).from(s.documentFiles)
      .where(eq(s.documentFiles.documentId, id));
    expect(rows.map((x) => x.format).sort()).toEqual(['docx', 'pdf']);
    expect(rows.find((x) => x.format === 'pdf')?.sm3).toBe(first.headers['x-content-sm3']);
  });

  it('concurrent first downloads agree', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => srv.as('rsj_handler', 'GET', fileUrl(docs.opinion!.id, 'pdf'))));
    for (const a of answers) expect(a.statusCode).toBe(200);
    expect(new Set(answers.map((a) => a.headers['x-content-sm3'])).size).toBe(1);
    expect(answers.every((a) => a.rawPayload.equals(answers[0]!.rawPayload))).toBe(true);
    writeFileSync(join(dir, 'o.pdf'), answers[0]!.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'o.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const t of ['责令公司支付拖欠的三个月工资共计2.4万元', '依法处理公司负责人', '支持。经核实工资拖欠属实，已责令限期支付。', '解释说明。对公司负责人的处理另行立案。', '2026年12月7日']) expect(text, t).toContain(t);
  });

  it('refuses a user outside the case\'s scope as the case itself does', async () => {
    const caseAnswer = await srv.as('gj_officer', 'GET', `/api/cases/${caseId}`);
    const r = await srv.as('gj_officer', 'GET', fileUrl(docs.acceptance_notice!.id, 'pdf'));
    expect(r.statusCode).toBe(caseAnswer.statusCode);
    expect(r.statusCode).toBe(404);
    expect(r.json<{ code: string }>().code).toBe('CASE_NOT_FOUND');
    expect(r.headers['x-content-sm3']).toBeUndefined();
  });

  it('answers 404 for a document of another case or none', async () => {
    const r = await srv.as('rsj_handler', 'GET', fileUrl('no-such-document', 'pdf'));
    expect(r.statusCode).toBe(404);
    expect(r.json<{ code: string }>().code).toBe('NOT_FOUND');
  });

  it('refuses a bad or missing format with 400', async () => {
    for (const url of [fileUrl(docs.acceptance_notice!.id, 'doc'), fileUrl(docs.acceptance_notice!.id, 'PDF'), `/api/cases/${caseId}/documents/${docs.acceptance_notice!.id}/file`]) {
      const r = await srv.as('rsj_handler', 'GET', url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json<{ code: string; message: string }>().code).toBe('VALIDATION_FAILED');
    }
  });

  it('audits every download, with the SM3 and whether it was rendered then', async () => {
    const rows = await srv.database.db.select().from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'case.document.download'), eq(s.auditLog.targetId, caseId)));
    const detail = rows.map((r) => r.detail as { documentId: string; format: string; sm3?: string; rendered?: boolean });
    const pdfs = detail.filter((d) => d.documentId === docs.acceptance_notice!.id && d.format === 'pdf');
    expect(pdfs.length).toBe(3);
    expect(pdfs.filter((d) => d.rendered).length).toBe(1);
    expect(new Set(pdfs.map((d) => d.sm3)).size).toBe(1);
    expect(rows.every((r) => r.outcome === 'ok')).toBe(true);
    expect(JSON.stringify(detail)).not.toContain('张某');
  });
});

describe('an accusation (Art 30)', () => {
  it('refuses its documents to a reader from whom the accuser and material are withheld, and audits the refusal', async () => {
    clock.set('2026-11-20');
    const reg = await srv.as('xfj_clerk', 'POST', '/api/cases', {
      petition: samplePetition({ kind: 'accusation', title: '检举某镇干部截留补贴', accusedOrganIds: ['town-tsl'], organsConcerned: [], receivedOn: '2026-11-20' }),
    }, { 'idempotency-key': 'document-files-accusation' });
    expect(reg.statusCode, reg.body).toBe(201);
    const id = reg.json<{ case: { id: string } }>().case.id;
    const fwd = await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(fwd.statusCode, fwd.body).toBe(200);
    const slip = (await srv.as('rsj_handler', 'GET', `/api/cases/${id}/documents`)).json<{ id: string; kind: string }[]>().find((d) => d.kind === 'forwarding_slip')!;
    // 县人社局 holds it now: it may; 县信访局, which registered and forwarded it, sees the case but not the accuser.
    expect((await srv.as('rsj_handler', 'GET', `/api/cases/${id}/documents/${slip.id}/file?format=pdf`)).statusCode).toBe(200);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}`)).statusCode).toBe(200);
    const r = await srv.as('xfj_officer', 'GET', `/api/cases/${id}/documents/${slip.id}/file?format=pdf`);
    expect(r.statusCode).toBe(403);
    expect(r.json<{ code: string }>().code).toBe('FORBIDDEN');
    const denied = await srv.database.db.select().from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'case.document.download'), eq(s.auditLog.targetId, id), eq(s.auditLog.outcome, 'denied')));
    expect(denied.length).toBe(1);
  });
});

describe('the dossier (卷宗)', () => {
  it('holds a cover, the contents, the timeline, every document on the page the contents give, and the attachments', async () => {
    const r = await srv.as('rsj_handler', 'GET', `/api/cases/${caseId}/dossier.pdf`);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent(`卷宗-${caseNumber}.pdf`));
    const path = join(dir, 'dossier.pdf');
    writeFileSync(path, r.rawPayload);
    const page = (n: number) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const cover = page(1);
    for (const t of ['信访事项卷宗', caseNumber, '某建筑公司拖欠农民工工资', '钟德福', '于都县人力资源和社会保障局', '2026年11月16日']) expect(cover, t).toContain(t);
    const toc = page(2);
    expect(toc).toContain('目录');
    expect(page(3)).toContain('办理过程');
    expect(page(3)).toContain('受理');
    for (const d of Object.values(docs)) {
      // The contents' number is the printed one; the cover, unnumbered, is the file's page 1.
      const m = new RegExp(`${d.docNumber.replace(/[〔〕]/g, '.')}）[.…]*(\\d+)`).exec(toc);
      expect(m, d.docNumber).not.toBeNull();
      expect(page(Number(m![1]) + 1), d.docNumber).toContain(d.docNumber);
    }
    const all = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(all).toContain('附件清单');
  });

  it('is refused outside the case\'s scope as the case is, and audited', async () => {
    const r = await srv.as('gj_officer', 'GET', `/api/cases/${caseId}/dossier.pdf`);
    expect(r.statusCode).toBe(404);
    expect(r.json<{ code: string }>().code).toBe('CASE_NOT_FOUND');
    const rows = await srv.database.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'case.dossier.read'), eq(s.auditLog.targetId, caseId)));
    expect(rows.length).toBe(1);
  });
});
