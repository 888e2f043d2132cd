/**
 * GET /api/dossiers.zip: the dossiers of the cases an organ's subtree closed in a period, one PDF
 * each (the same bytes as GET /api/cases/{id}/dossier.pdf for the same reader) and a 卷宗目录.
 * The expected set of cases is computed here from the stored records — closedOn in the period,
 * holder in the organ's subtree, canSeeCase — and compared with the zip's file names; each PDF is
 * read back with pdftotext / pdfinfo; the index's rows are checked against the records and the
 * case detail the user gets; an accusation is withheld from a user of the accused organ (Art 30);
 * the cap, the empty period, the scope checks and the audit entries.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOSSIER_BATCH_MAX } from '../../src/app/dossier-batch.js';
import { loadReference, type ReferenceSnapshot } from '../../src/app/reference-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedDemoCases } from '../../src/demo/seed-cases.js';
import { canSeeCase } from '../../src/domain/access/case-visibility.js';
import { addDays } from '../../src/domain/calendar/dates.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import type { StaffUser } from '../../src/domain/model/user.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const TODAY = '2026-11-20';
/** The cap, lowered so the test reaches it with a few dozen cases (the default is DOSSIER_BATCH_MAX). */
const CAP = 12;
const clock = new FakeClock(TODAY);
const crypto = new FieldCrypto(TEST_KEYRING);
const dir = mkdtempSync(join(tmpdir(), 'minsheng-dossier-batch-'));
let srv: Awaited<ReturnType<typeof testServer>>;
let snap: ReferenceSnapshot;
let accusation: { id: string; number: string; closedOn: string };

/** State labels as a person writes them on the index (hand-written: the ones the demo's closed cases reach). */
const CLOSED_LABELS: Record<string, string> = {
  closed: '已办结', not_accepted: '不予受理', not_reaccepted: '不再受理', diverted: '已导入法定途径', redirected: '已告知向有权机关提出',
  referred: '已移交法定程序处理', merged: '重复件已并案', rereview_served: '复核意见已送达（最终意见）',
};

const user = (username: string): StaffUser => [...snap.users.values()].find((u) => u.username === username)!;
const records = async (): Promise<CaseRecord[]> => (await srv.database.db.select({ record: s.cases.record }).from(s.cases)).map((r) => r.record);

/** The cases the export must hold, from the records: closed in the period, held in the organ's subtree, visible to the user. */
async function expected(username: string, organId: string, from: string, to: string): Promise<CaseRecord[]> {
  const u = user(username);
  const subtree = new Set(snap.organs.subtreeIds(organId));
  return (await records()).filter((c) => c.closedOn !== null && c.closedOn >= from && c.closedOn <= to
    && subtree.has(c.holderOrganId) && canSeeCase(c, u, snap.organs));
}

const zipUrl = (q: Record<string, string>) => `/api/dossiers.zip?${new URLSearchParams(q).toString()}`;
const text = (path: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const pages = (path: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);

async function act(username: string, date: string, caseId: string, action: string, input: Record<string, unknown>) {
  clock.set(date);
  const r = await srv.as(username, 'POST', `/api/cases/${caseId}/actions/${action}`, { input });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

beforeAll(async () => {
  srv = await testServer(clock, { dossierBatchMax: CAP });
  await seedDemoCases(srv.database, { count: 60, crypto, today: TODAY });
  // An accusation against 贡江镇信访办, handled and closed by 贡江镇 itself: 贡江镇信访办's officer
  // has the township in scope, but Art 30 hides the accusation from the accused organ.
  clock.set('2026-11-16');
  const reg = await srv.as('xfj_clerk', 'POST', '/api/cases', {
    petition: samplePetition({ kind: 'accusation', title: '检举贡江镇信访办工作人员推诿', accusedOrganIds: ['town-gj-xfb'], organsConcerned: [], receivedOn: '2026-11-16' }),
  }, { 'idempotency-key': 'dossier-batch-accusation' });
  expect(reg.statusCode, reg.body).toBe(201);
  const c = reg.json<{ case: { id: string; number: string } }>().case;
  await act('xfj_officer', '2026-11-17', c.id, 'forward', { targetOrganId: 'town-gj' });
  await act('gj_handler', '2026-11-18', c.id, 'divert', { route: 'litigation', guidance: '请依法向人民法院提起诉讼。' });
  accusation = { ...c, closedOn: '2026-11-18' };
  clock.set(TODAY);
  snap = await loadReference(srv.database.db);
}, 300_000);
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The longest period ending on `to` whose expected export is within the cap. */
async function periodWithin(username: string, organId: string, to: string): Promise<{ from: string; cases: CaseRecord[] }> {
  let from = to;
  let cases = await expected(username, organId, from, to);
  for (let d = addDays(to, -1); d >= addDays(to, -400); d = addDays(d, -1)) {
    const more = await expected(username, organId, d, to);
    if (more.length > CAP) break;
    from = d;
    cases = more;
  }
  return { from, cases };
}

describe('the dossiers of a period as one zip', () => {
  let files: Record<string, Uint8Array>;
  let body: Buffer;
  let period: { from: string; to: string };
  let cases: CaseRecord[];

  beforeAll(async () => {
    const p = await periodWithin('xfj_officer', 'county', accusation.closedOn);
    period = { from: p.from, to: accusation.closedOn };
    cases = p.cases;
    // The test means something only with several cases, the accusation among them.
    expect(cases.length).toBeGreaterThanOrEqual(4);
    expect(cases.map((c) => c.id)).toContain(accusation.id);
    const r = await srv.as('xfj_officer', 'GET', zipUrl({ organId: 'county', ...period }));
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`卷宗-于都县人民政府-${period.from}至${period.to}.zip`)}`);
    expect(r.headers['content-disposition']).toContain(`filename="dossiers-${period.from}-${period.to}.zip"`);
    body = r.rawPayload;
    files = unzipSync(new Uint8Array(body));
  }, 300_000);

  it('holds one PDF per case closed in the period in the subtree that the user may see, and the index', () => {
    expect(new Set(Object.keys(files))).toEqual(new Set([...cases.map((c) => `${c.number}.pdf`), '卷宗目录.xlsx']));
  });

  it('stores the PDFs as they are (no recompression)', () => {
    // Stored entries keep each PDF's bytes verbatim in the archive: every header is found as is.
    const headers = body.toString('latin1').split('%PDF-').length - 1;
    expect(headers).toBe(cases.length);
  });

  it('each PDF is the dossier of its case: its number in the text, the same bytes as the single-case route', async () => {
    for (const c of cases) {
      const path = join(dir, `${c.number}.pdf`);
      writeFileSync(path, files[`${c.number}.pdf`]!);
      const t = text(path);
      expect(t, c.number).toContain(c.number);
      expect(t).toContain('信访事项卷宗');
    }
    for (const c of cases.slice(0, 2)) {
      const single = await srv.as('xfj_officer', 'GET', `/api/cases/${c.id}/dossier.pdf`);
      expect(single.statusCode).toBe(200);
      expect(Buffer.from(files[`${c.number}.pdf`]!).equals(single.rawPayload), c.number).toBe(true);
    }
  }, 120_000);

  it('lists every case in the index: number, title, petitioners as the dossier shows them, organ, dates, state, pages', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(files['卷宗目录.xlsx']!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('卷宗目录')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '信访事项编号', '标题', '信访人', '办理机关', '收到日期', '受理日期', '办结日期', '状态', '页数', '文件名', '备注']);
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : null);
    const rows = new Map<string, unknown[]>();
    ws.eachRow((row, i) => { if (i > 1) rows.set(row.getCell(2).text, (row.values as unknown[]).slice(1)); });
    expect(new Set(rows.keys())).toEqual(new Set(cases.map((c) => c.number)));
    for (const c of cases) {
      const row = rows.get(c.number)!;
      // The petitioners as the case detail gives them to this user (masked, or withheld, as it does).
      const detail = (await srv.as('xfj_officer', 'GET', `/api/cases/${c.id}`)).json<{ case: { content: { anonymous?: boolean; petitioners: { name: string }[] } } }>().case;
      const people = detail.content.anonymous ? '匿名' : detail.content.petitioners.map((p) => p.name).join('、');
      expect(row[2], c.number).toBe(c.content.title);
      expect(row[3], c.number).toBe(people);
      expect(row[4], c.number).toBe(snap.organs.get(c.holderOrganId)!.name);
      expect(day(row[5]), c.number).toBe(c.content.receivedOn);
      expect(day(row[6]), c.number).toBe(c.acceptedOn);
      expect(day(row[7]), c.number).toBe(c.closedOn);
      expect(row[8], c.number).toBe(CLOSED_LABELS[c.state]);
      expect(row[9], c.number).toBe(pages(join(dir, `${c.number}.pdf`)));
      expect(row[10], c.number).toBe(`${c.number}.pdf`);
    }
    // The accuser is not in the index in clear for a reader from whom Art 30 withholds them.
    expect(rows.get(accusation.number)![3]).not.toContain(samplePetition().petitioners[0]!.name);
  }, 120_000);

  it('audits the export once (organ, period, every case id) and each dossier read as the single route does', async () => {
    const db = srv.database.db;
    const exports = await db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'case.dossier.export'), eq(s.auditLog.actorId, 'u-xfj_officer'), eq(s.auditLog.outcome, 'ok')));
    const mine = exports.filter((e) => (e.detail as { from?: string }).from === period.from);
    expect(mine.length).toBe(1);
    const detail = mine[0]!.detail as { organId: string; from: string; to: string; cases: number; caseIds: string[] };
    expect(mine[0]!.targetId).toBe('county');
    expect({ ...detail, caseIds: new Set(detail.caseIds) }).toEqual({ organId: 'county', from: period.from, to: period.to, cases: cases.length, caseIds: new Set(cases.map((c) => c.id)) });
    const reads = await db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'case.dossier.read'), eq(s.auditLog.actorId, 'u-xfj_officer')));
    const batchReads = reads.filter((e) => (e.detail as { export?: string }).export === 'case.dossier.export');
    expect(new Set(batchReads.map((e) => e.targetId))).toEqual(new Set(cases.map((c) => c.id)));
    expect(batchReads.length).toBe(cases.length);
    expect(JSON.stringify([...mine, ...batchReads].map((e) => e.detail))).not.toContain(samplePetition().petitioners[0]!.name);
  });

  it('audits an export cut short (the client went away) with how many dossiers it had written', async () => {
    const batch = await srv.services.dossierBatches.export(user('xfj_officer'), { organId: 'county', ...period });
    expect(batch.cases).toBe(cases.length);
    // The first dossier's bytes, then the consumer leaves: the stream is destroyed, nothing more is rendered.
    for await (const chunk of batch.stream as AsyncIterable<Buffer>) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    const errors = async () => srv.database.db.select().from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'case.dossier.export'), eq(s.auditLog.outcome, 'error'), eq(s.auditLog.actorId, 'u-xfj_officer')));
    for (let i = 0; i < 50 && (await errors()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [cut] = await errors();
    expect(cut?.detail).toEqual({ organId: 'county', from: period.from, to: period.to, cases: cases.length, written: 1 });
  }, 60_000);
});

describe('Art 30 in the batch', () => {
  it('leaves the accusation out of the export of a user of the accused organ, and gives it to the township that holds it', async () => {
    const q = { organId: 'town-gj', from: accusation.closedOn, to: accusation.closedOn };
    // 贡江镇信访办's officer (accused) against 贡江镇's leader (not accused), the same organ and day.
    const mine = await expected('gj_officer', q.organId, q.from, q.to);
    expect(mine.map((c) => c.id)).not.toContain(accusation.id);
    const accused = await srv.as('gj_officer', 'GET', zipUrl(q));
    if (mine.length === 0) {
      expect(accused.statusCode).toBe(422);
      expect(accused.json<{ code: string }>().code).toBe('DOSSIER_BATCH_EMPTY');
    } else {
      expect(accused.statusCode).toBe(200);
      expect(Object.keys(unzipSync(new Uint8Array(accused.rawPayload)))).not.toContain(`${accusation.number}.pdf`);
    }
    const holder = await srv.as('gj_leader', 'GET', zipUrl(q));
    expect(holder.statusCode, holder.body.slice(0, 200)).toBe(200);
    expect(Object.keys(unzipSync(new Uint8Array(holder.rawPayload)))).toContain(`${accusation.number}.pdf`);
  }, 120_000);
});

describe('refusals', () => {
  it('refuses more than the cap with the count, before streaming anything, and audits the refusal', async () => {
    const from = '2025-11-21', to = TODAY;
    const n = (await expected('xfj_officer', 'county', from, to)).length;
    expect(n).toBeGreaterThan(CAP);
    const r = await srv.as('xfj_officer', 'GET', zipUrl({ organId: 'county', from, to }));
    expect(r.statusCode).toBe(422);
    const e = r.json<{ code: string; message: string; details: { cases: number; max: number } }>();
    expect(e.code).toBe('DOSSIER_BATCH_TOO_LARGE');
    expect(e.message).toContain(`共${n}件`);
    expect(e.message).toContain(`上限${CAP}件`);
    expect(e.message).toContain('缩短期间');
    expect(e.details).toEqual({ cases: n, max: CAP });
    const denied = await srv.database.db.select().from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'case.dossier.export'), eq(s.auditLog.outcome, 'denied'), eq(s.auditLog.actorId, 'u-xfj_officer')));
    expect(denied.map((d) => (d.detail as { cases: number }).cases)).toContain(n);
  });

  it('answers 422 DOSSIER_BATCH_EMPTY for a period without closed cases', async () => {
    const r = await srv.as('xfj_officer', 'GET', zipUrl({ organId: 'county', from: '2020-01-01', to: '2020-01-31' }));
    expect(r.statusCode).toBe(422);
    const e = r.json<{ code: string; message: string }>();
    expect(e.code).toBe('DOSSIER_BATCH_EMPTY');
    expect(e.message).toBe('于都县人民政府在2020-01-01至2020-01-31没有本人可查看的已办结信访事项，无卷宗可导出');
  });

  it('checks the organ and the period as the statistics do', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      ['gj_officer', { organId: 'county-rsj', from: '2026-01-01', to: TODAY }, 403, 'ORGAN_NOT_ALLOWED'],
      ['xfj_officer', { organId: 'no-such-organ', from: '2026-01-01', to: TODAY }, 422, 'ORGAN_NOT_FOUND'],
      ['xfj_officer', { organId: 'county', from: TODAY, to: '2026-01-01' }, 400, 'PERIOD_INVALID'],
      ['xfj_officer', { organId: 'county', from: '2010-01-01', to: TODAY }, 400, 'PERIOD_INVALID'],
      ['xfj_officer', { organId: 'county', from: '2026-1-1', to: TODAY }, 400, 'VALIDATION_FAILED'],
      ['admin', { from: '2026-01-01', to: TODAY }, 403, 'FORBIDDEN'],
    ];
    for (const [who, q, status, code] of cases) {
      const r = await srv.as(who, 'GET', zipUrl(q));
      expect(r.statusCode, `${who} ${JSON.stringify(q)}`).toBe(status);
      expect(r.json<{ code: string }>().code).toBe(code);
    }
    expect((await srv.app.inject({ method: 'GET', url: zipUrl({ from: '2026-01-01', to: TODAY }) })).statusCode).toBe(401);
  });

  it('has a cap of 2,000 by default', () => {
    expect(DOSSIER_BATCH_MAX).toBe(2000);
  });
});
