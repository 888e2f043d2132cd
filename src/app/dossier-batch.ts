/**
 * 卷宗批量导出 for the archive (归档): the dossiers of the cases an organ's subtree closed (办结 /
 * 终结: the case's closedOn) within a period, each exactly the PDF the single-case route gives the
 * same reader, and a 卷宗目录 (.xlsx), streamed as one zip.
 *
 * - Which cases: held by an organ of the subtree (the 办理机关 keeps the file, so each closed case
 *   is in one organ's archive and siblings' exports do not overlap), closed in the period, and
 *   visible to the user by the same SQL scope rule as every list (case-scope-sql.ts) — then each is
 *   read again as its detail reads it, so a case the user may not see is never compiled.
 * - Counted before anything is streamed: more than `maxCases` is refused (422
 *   DOSSIER_BATCH_TOO_LARGE, with the count), none 422 DOSSIER_BATCH_EMPTY, as the ledger's export
 *   refuses with 422 rather than answering an empty file.
 * - Streamed: one dossier compiled and rendered at a time, its PDF stored (level 0: a PDF's streams
 *   are already compressed) and handed to the response before the next is rendered; the stream is
 *   pulled, so a slow client holds the rendering back rather than memory filling up.
 * - Audited: one `case.dossier.export` entry before the first byte (organ, period, count and every
 *   case id), then the same `case.dossier.read` entry per case the single-case route writes
 *   (with the export's marker), written as each dossier is compiled — the audit log's search by
 *   case still shows every read — and an `error` entry if the stream ends early (a closed
 *   connection), saying how many were written.
 */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { Zip, ZipPassThrough } from 'fflate';
import { chinaDate } from '../domain/calendar/dates.js';
import { DomainError } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';
import type { Period } from '../domain/stats/indicators.js';
import { renderDossierPdf } from '../documents/render-dossier.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import type { AuditEntryInput, AuditSink } from './audit-sink.js';
import { allOf, visibleCasesWhere } from './case-scope-sql.js';
import type { Clock } from './clock.js';
import type { DossierBatchQuery } from './contracts/dossiers.js';
import { dossierIndexWorkbook, type DossierIndexRow } from './dossier-index.js';
import type { Dossiers } from './dossier.js';
import { checkedPeriod, organScopeOf, type OrganScope } from './organ-scope.js';
import type { ReferenceData } from './reference-data.js';

/** The most dossiers one export may hold: ~2 s of rendering and ~0.3 MB each, an hour and half a gigabyte at most. */
export const DOSSIER_BATCH_MAX = 2000;

export const INDEX_FILE = '卷宗目录.xlsx';

/** The pages of a PDF as its page tree's root counts them (pdfkit writes the dictionaries uncompressed). */
export function pdfPageCount(pdf: Uint8Array): number | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const m = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ?? /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  return m ? Number(m[1]) : null;
}

/** A case number as a file name: nothing a file system refuses. */
const fileName = (caseNumber: string) => `${caseNumber.replace(/[\\/:*?"<>|\s]/g, '_')}.pdf`;

export interface DossierBatch {
  /** The zip's name (Chinese) and an ASCII fallback (RFC 6266). */
  name: string;
  asciiName: string;
  cases: number;
  stream: Readable;
}

export class DossierBatches {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly dossiers: Dossiers,
    private readonly audit: AuditSink, private readonly clock: Clock, private readonly maxCases = DOSSIER_BATCH_MAX) {}

  /** Checks the organ and period, counts, audits the export; answers the zip as a stream to pipe into the response. */
  async export(user: StaffUser, q: DossierBatchQuery): Promise<DossierBatch> {
    const tree = (await this.ref.get()).organs;
    const scope = organScopeOf(user, tree, q.organId, '卷宗批量导出');
    const period = checkedPeriod(q, '导出期间');
    const where = this.closedWhere(user, scope, period, tree);
    const entry = { actorId: user.id, actorOrganId: user.organId, action: 'case.dossier.export', targetType: 'organ', targetId: scope.organId };
    const asked = { organId: scope.organId, from: period.from, to: period.to };

    const [counted] = await this.db.select({ n: sql<number>`count(*)::int` }).from(s.cases).where(where);
    const n = counted?.n ?? 0;
    if (n > this.maxCases) {
      await this.audit.record(this.db, { ...entry, outcome: 'denied', detail: { ...asked, cases: n, code: 'DOSSIER_BATCH_TOO_LARGE' } });
      throw new DomainError('DOSSIER_BATCH_TOO_LARGE',
        `${scope.organName}在${period.from}至${period.to}办结的信访事项共${n}件，超过单次导出上限${this.maxCases}件，请缩短期间后分批导出`,
        { cases: n, max: this.maxCases });
    }
    if (n === 0) {
      throw new DomainError('DOSSIER_BATCH_EMPTY', `${scope.organName}在${period.from}至${period.to}没有本人可查看的已办结信访事项，无卷宗可导出`, { cases: 0 });
    }
    const rows = await this.db.select({ id: s.cases.id }).from(s.cases).where(where)
      .orderBy(sql`${s.cases.record}->>'closedOn'`, s.cases.number).limit(this.maxCases);
    const caseIds = rows.map((r) => r.id);
    // Recorded before the first byte leaves: the export is the read of every case it lists.
    await this.audit.record(this.db, { ...entry, outcome: 'ok', detail: { ...asked, cases: caseIds.length, caseIds } });

    const title = `${scope.organName}${period.from}至${period.to}办结信访事项卷宗`;
    const exportedBy = `${user.name}（${tree.get(user.organId)?.name ?? user.organId}）`;
    return {
      name: `卷宗-${scope.organName}-${period.from}至${period.to}.zip`, asciiName: `dossiers-${period.from}-${period.to}.zip`,
      cases: caseIds.length,
      stream: Readable.from(this.zipChunks(user, caseIds, { title, exportedBy }, entry, asked), { objectMode: false }),
    };
  }

  /**
   * Closed in the period, held in the subtree, visible to the user. closedOn lives in the record
   * (JSONB): an ISO date compares as text; the subtree's holder index narrows the rows first.
   */
  private closedWhere(user: StaffUser, scope: OrganScope, p: Period, tree: Parameters<typeof visibleCasesWhere>[1]) {
    const closedOn = sql`${s.cases.record}->>'closedOn'`;
    return allOf(
      sql`${s.cases.holderOrganId} = any(${textArray(scope.organIds)})`,
      sql`${closedOn} >= ${p.from}`, sql`${closedOn} <= ${p.to}`,
      visibleCasesWhere(user, tree),
    );
  }

  /** The zip, chunk by chunk: a dossier is rendered only when the consumer has taken the previous one's bytes. */
  private async* zipChunks(user: StaffUser, caseIds: string[], names: { title: string; exportedBy: string },
    entry: Omit<AuditEntryInput, 'outcome' | 'detail'>, asked: Record<string, string>): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    let failure: Error | null = null;
    const zip = new Zip((err, chunk) => {
      if (err) failure = err;
      else out.push(chunk);
    });
    const take = function* (): Generator<Uint8Array> {
      if (failure) throw failure;
      yield* out.splice(0);
    };
    const now = this.clock.now();
    const add = (name: string, bytes: Uint8Array) => {
      const file = new ZipPassThrough(name);
      file.mtime = now;
      zip.add(file);
      file.push(bytes, true);
    };
    const index: DossierIndexRow[] = [];
    let written = 0;
    let finished = false;
    try {
      for (const id of caseIds) {
        let d;
        try {
          d = await this.dossiers.compile(user, id);
        } catch (e) {
          // Moved out of the user's sight since it was counted (transferred, reopened elsewhere): listed, not compiled.
          if (!(e instanceof DomainError && e.code === 'CASE_NOT_FOUND')) throw e;
          index.push({ caseNumber: '', title: '', petitioners: '', holderOrganName: '', receivedOn: '', acceptedOn: null, closedOn: null, stateLabel: '',
            pages: null, file: null, note: `导出时已无权查看（${id}）` });
          continue;
        }
        const pdf = await renderDossierPdf(d.content);
        await this.audit.record(this.db, this.dossiers.readEntry(user, d, { export: 'case.dossier.export' }));
        const file = fileName(d.caseNumber);
        add(file, pdf);
        written++;
        const c = d.content;
        index.push({
          caseNumber: d.caseNumber, title: c.title, petitioners: c.petitioners, holderOrganName: d.holderOrganName,
          receivedOn: d.receivedOn, acceptedOn: d.acceptedOn, closedOn: d.closedOn, stateLabel: d.stateLabel,
          pages: pdfPageCount(pdf), file, note: d.materialWithheld ? '检举控告材料依法不向导出人提供' : '',
        });
        yield* take();
      }
      add(INDEX_FILE, await dossierIndexWorkbook(index, {
        ...names, exportedOn: chinaDate(now), createdAt: now,
      }));
      zip.end();
      yield* take();
      finished = true;
    } finally {
      if (!finished) {
        // The connection closed or a dossier failed: the file the user holds is incomplete.
        await this.audit.record(this.db, { ...entry, outcome: 'error', detail: { ...asked, cases: caseIds.length, written } });
      }
    }
  }
}
