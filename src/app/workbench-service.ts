/**
 * The workbench's reads: the dashboard's counts (SQL aggregates, never rows), the queue with its
 * filters, and the rows of the ledger export. Every query carries the same data-scope condition as
 * single reads (case-scope-sql.ts), so a count never includes a case its link would not show.
 */
import { and, asc, count, desc, eq, gte, ilike, like, lt, lte, or, sql, type Column, type SQL } from 'drizzle-orm';
import { allOf, openScopeParts, queueCasesWhere, visibleCasesWhere } from './case-scope-sql.js';
import { cappedCaseCount } from './capped-count.js';
import type { LedgerFilter } from './contracts/cases.js';
import type { ApprovalItem, FormContext, QueueFilter, QueueRow, Summary } from './contracts/workbench.js';
import { ledgerWhere } from './ledger-filter.js';
import { pendingApprovalsFor } from './pending-approvals.js';
import { accusationMaterialHidden, opinionTextWithheld } from './personal-data.js';
import type { Clock } from './clock.js';
import type { AuditSink } from './audit-sink.js';
import { ledgerWorkbook } from './ledger-export.js';
import type { ReferenceData } from './reference-data.js';
import { addDays, chinaDate, daysBetween } from '../domain/calendar/dates.js';
import { DomainError, must } from '../domain/errors.js';
import { OPEN_PHASES } from '../domain/model/case-states.js';
import { openClock } from '../domain/lifecycle/clocks.js';
import { APPROVAL_PERIOD, DECIDING_ACTION } from '../domain/lifecycle/choices.js';
import { APPROVAL_KIND_LABELS } from '../domain/labels.js';
import type { StaffUser } from '../domain/model/user.js';
import type { DecryptFailure, FieldCrypto } from '../security/field-crypto.js';
import { unreadableEntry } from './personal-data.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';

/** "Due soon": the countdown tag turns orange at 3 days or less. */
export const DUE_SOON_DAYS = 3;
/** An export larger than this is refused: narrow the filter (a workbook this size is already ~2 MB). */
export const EXPORT_MAX_ROWS = 10_000;

const QUEUE_COLUMNS = {
  id: s.cases.id, number: s.cases.number, title: s.cases.title, state: s.cases.state, channel: s.cases.channel, kind: s.cases.kind,
  holderOrganId: s.cases.holderOrganId, actingOrganId: s.cases.actingOrganId, receivedOn: s.cases.receivedOn, nextDue: s.cases.nextDue,
  nextDueProvisional: s.cases.nextDueProvisional, simplified: s.cases.simplified, categoryCode: s.cases.categoryCode, regionCode: s.cases.regionCode,
};

/** Cases with an unanswered supervision order addressed to / issued by the organ (columns kept with the record: case-rows.ts). */
const openSupervision = (field: 'targetOrganId' | 'organId', organId: string): SQL =>
  sql`${field === 'targetOrganId' ? s.cases.supervisedOrganIds : s.cases.supervisingOrganIds} @> ${textArray([organId])}`;

/** `like` on a user-typed text: the wildcards are taken literally. */
const likeText = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The column contains the text, ignoring case. A text with no cased letter (Chinese, digits, most
 * case numbers) matches the same rows under LIKE, which compares bytes, as under ILIKE, which folds
 * the case of every row first (the queue's text filter over 23,000 open cases: see bench/bench.ts).
 */
function containsText(column: Column, q: string): SQL {
  return /[\p{Lu}\p{Ll}\p{Lt}]/u.test(q) ? ilike(column, likeText(q)) : like(column, likeText(q));
}

export class WorkbenchService {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly clock: Clock, private readonly audit: AuditSink,
    /** For the export, which opens sealed fields only to mask them. */
    private readonly crypto: FieldCrypto) {}

  today(): string {
    return chinaDate(this.clock.now());
  }

  /**
   * What the case screens' forms need beside the case: the server's date (forms default to it — the
   * browser's own date may differ from the clock the rules run on) and the staff directory (names
   * for the timeline, approvers and assignees). Any staff member; nothing personal in it.
   */
  async formContext(): Promise<FormContext> {
    return { today: this.today(), users: await this.ref.staffDirectory() };
  }

  /** The queue's base (case-scope-sql.ts queueCasesWhere). */
  private async queueBase(user: StaffUser): Promise<SQL> {
    return queueCasesWhere(user, (await this.ref.get()).organs);
  }

  private async queueWhere(user: StaffUser, f: QueueFilter, today: string): Promise<SQL> {
    const snap = await this.ref.get();
    const base = f.supervision === 'issued'
      ? allOf(eq(s.cases.open, true), visibleCasesWhere(user, snap.organs), openSupervision('organId', user.organId))
      : await this.queueBase(user);
    const stage = f.stage ? OPEN_PHASES.find((g) => g.key === f.stage) : undefined;
    const q = f.q?.trim();
    return allOf(
      base,
      stage ? sql`${s.cases.state} in (${sql.join(stage.states.map((x) => sql`${x}`), sql`, `)})` : undefined,
      // Free text, compared as text (an unknown state or channel matches nothing).
      f.state ? sql`${s.cases.state} = ${f.state}` : undefined,
      f.channel ? sql`${s.cases.channel} = ${f.channel}` : undefined,
      f.due === 'overdue' ? lt(s.cases.nextDue, today) : undefined,
      f.due === 'soon' ? and(gte(s.cases.nextDue, today), lte(s.cases.nextDue, addDays(today, DUE_SOON_DAYS))) : undefined,
      f.assignedToMe ? eq(s.cases.assigneeId, user.id) : undefined,
      f.supervision === 'received' ? openSupervision('targetOrganId', user.organId) : undefined,
      q ? or(containsText(s.cases.number, q), containsText(s.cases.title, q)) : undefined,
    );
  }

  /** 待办: most urgent first (overdue, then by due date; no due date last), a page at a time, with the total. */
  async queue(user: StaffUser, f: QueueFilter): Promise<{ total: number; totalCapped: boolean; items: QueueRow[] }> {
    const today = this.today();
    const where = await this.queueWhere(user, f, today);
    const page = f.page ?? 1, pageSize = f.pageSize ?? 50;
    const [rows, counted] = await Promise.all([
      this.db.select(QUEUE_COLUMNS).from(s.cases).where(where)
        .orderBy(sql`${s.cases.nextDue} asc nulls last`, asc(s.cases.id)).limit(pageSize).offset((page - 1) * pageSize),
      cappedCaseCount(this.db, where),
    ]);
    return { ...counted, items: rows.map((r) => countdown(r, today)) };
  }

  /** 工作台: counts only (no personal data), each equal to the total of the list its link opens. */
  async summary(user: StaffUser): Promise<Summary> {
    const snap = await this.ref.get();
    const today = this.today();
    const soonEnd = addDays(today, DUE_SOON_DAYS);
    const base = await this.queueBase(user);
    const visible = visibleCasesWhere(user, snap.organs);
    const n = (cond: SQL | undefined) => sql<number>`count(*) filter (where ${cond ?? sql`true`})::int`;
    const [mineAgg, byState, scopeAgg, due14, issued, recent, scopeTotal] = await Promise.all([
      this.db.select({
        total: n(undefined),
        overdue: n(lt(s.cases.nextDue, today)),
        dueSoon: n(and(gte(s.cases.nextDue, today), lte(s.cases.nextDue, soonEnd))),
        assignedToMe: n(eq(s.cases.assigneeId, user.id)),
        supervisionReceived: n(openSupervision('targetOrganId', user.organId)),
      }).from(s.cases).where(base),
      this.db.select({ state: s.cases.state, n: count() }).from(s.cases).where(base).groupBy(s.cases.state),
      // Open cases and recent registrations only (bounded by the partial indexes and the date);
      // the scope's total is counted up to the lists' cap.
      this.scopeOpenCounts(user, today),
      this.db.select({ due: s.cases.nextDue, n: count() }).from(s.cases)
        .where(and(base, gte(s.cases.nextDue, today), lte(s.cases.nextDue, addDays(today, 13)))).groupBy(s.cases.nextDue),
      this.db.select({ n: count() }).from(s.cases).where(and(eq(s.cases.open, true), visible, openSupervision('organId', user.organId))),
      this.db.select({ n: count() }).from(s.cases).where(and(gte(s.cases.receivedOn, addDays(today, -1)), visible)),
      cappedCaseCount(this.db, visible),
    ]);
    // Aggregates without GROUP BY: one row each, always.
    const m = must(mineAgg[0], 'the row of my counts');
    const sc = must(scopeAgg[0], 'the row of the scope counts');
    const stateCount = new Map(byState.map((r) => [r.state, r.n]));
    const dueMap = new Map(due14.flatMap((r) => (r.due === null ? [] : [[r.due, r.n] as const])));
    return {
      today,
      mine: {
        total: m.total, overdue: m.overdue, dueSoon: m.dueSoon, assignedToMe: m.assignedToMe,
        stages: OPEN_PHASES.map((g) => ({ key: g.key, label: g.label, count: g.states.reduce((a, st) => a + (stateCount.get(st) ?? 0), 0) })),
        byState: byState.map((r) => ({ state: r.state, count: r.n })).sort((a, b) => b.count - a.count),
        dueNext14: Array.from({ length: 14 }, (_, i) => addDays(today, i)).map((d) => ({ date: d, count: dueMap.get(d) ?? 0 })),
      },
      scope: {
        open: sc.open, overdue: sc.overdue, newSinceYesterday: recent[0]?.n ?? 0, since: addDays(today, -1),
        total: scopeTotal.total, totalCapped: scopeTotal.totalCapped,
      },
      supervision: { received: m.supervisionReceived, issued: issued[0]?.n ?? 0 },
    };
  }

  /** The open cases of the user's scope and how many are overdue: the parts of openScopeParts added up, or one query for an 'assigned' scope. */
  private async scopeOpenCounts(user: StaffUser, today: string): Promise<{ open: number; overdue: number }[]> {
    const snap = await this.ref.get();
    const parts = openScopeParts(user, snap.organs);
    const counts = { open: sql<number>`count(*)::int`, overdue: sql<number>`(count(*) filter (where ${s.cases.nextDue} < ${today}))::int` };
    if (!parts) return this.db.select(counts).from(s.cases).where(and(eq(s.cases.open, true), visibleCasesWhere(user, snap.organs)));
    const each = await Promise.all(parts.map((where) => this.db.select(counts).from(s.cases).where(where)));
    return [each.flat().reduce((a, b) => ({ open: a.open + b.open, overdue: a.overdue + b.overdue }), { open: 0, overdue: 0 })];
  }

  /** 审批待办: the requests addressed to the user (延期, 签发), oldest first — always within the user's scope. */
  async approvals(user: StaffUser): Promise<{ items: ApprovalItem[] }> {
    const snap = await this.ref.get();
    const today = this.today();
    const pending = await pendingApprovalsFor(this.db, user, snap.organs, 500);
    const items = pending.map(({ case: r, approval: a }): ApprovalItem => {
      const due = openClock(r.record, APPROVAL_PERIOD[a.kind])?.due ?? null;
      return {
        caseId: r.id, caseNumber: r.number, title: r.title, state: r.state, version: r.version,
        approvalId: a.id, kind: a.kind, kindLabel: APPROVAL_KIND_LABELS[a.kind], action: DECIDING_ACTION[a.kind],
        requestedBy: snap.users.get(a.requestedBy)?.name ?? '', requestedOn: a.requestedOn,
        // An accusation's draft opinion, withheld as in the case's detail (caseView's rule).
        payload: accusationMaterialHidden(r.record, user, snap.organs) ? opinionTextWithheld(a.payload) : a.payload,
        due, daysLeft: due ? daysBetween(today, due) : null, overdue: due !== null && due < today,
      };
    });
    items.sort((a, b) => a.requestedOn.localeCompare(b.requestedOn) || a.caseNumber.localeCompare(b.caseNumber));
    return { items };
  }

  /**
   * Rows of the ledger export, in the ledger's order, with the petitioners' fields still sealed
   * (ledger-export.ts masks them). Refused above EXPORT_MAX_ROWS; audited either way.
   */
  async exportRows(user: StaffUser, f: LedgerFilter) {
    const today = this.today();
    const snap = await this.ref.get();
    // The same condition as the ledger's list (CaseService.list).
    const where = ledgerWhere(user, snap.organs, f, today);
    // An optional field left out by the client is undefined here, whatever the entries' type says.
    const filter = Object.fromEntries(Object.entries<unknown>(f).filter(([, v]) => v !== undefined));
    const { totalCapped } = await cappedCaseCount(this.db, where, EXPORT_MAX_ROWS);
    const entry = { actorId: user.id, actorOrganId: user.organId, action: 'case.export', targetType: 'case', targetId: null };
    if (totalCapped) {
      await this.audit.record(this.db, { ...entry, outcome: 'denied', detail: { filter, code: 'EXPORT_TOO_LARGE' } });
      throw new DomainError('EXPORT_TOO_LARGE', `符合条件的案件超过单次导出上限${EXPORT_MAX_ROWS}件，请缩小筛选范围（如登记日期）后分批导出`, { max: EXPORT_MAX_ROWS });
    }
    const rows = await this.db.select({ ...QUEUE_COLUMNS, open: s.cases.open, petitioners: sql<unknown>`${s.cases.record}->'content'->'petitioners'` })
      .from(s.cases).where(where).orderBy(desc(s.cases.receivedOn), asc(s.cases.id)).limit(EXPORT_MAX_ROWS);
    // Recorded before the file leaves: the export is the read. No personal data in the entry.
    await this.audit.record(this.db, { ...entry, outcome: 'ok', detail: { filter, rows: rows.length } });
    return { today, organs: snap.organs, rows: rows.map((r) => countdown(r, today)) };
  }

  /**
   * 台账导出: the ledger's rows as an .xlsx workbook, personal data masked (exportRows: scope,
   * limit, audit). `today` names the file.
   */
  async exportLedger(user: StaffUser, f: LedgerFilter): Promise<{ today: string; workbook: Buffer }> {
    const { today, organs, rows } = await this.exportRows(user, f);
    const unreadable: { caseId: string; failures: DecryptFailure[] }[] = [];
    const workbook = await ledgerWorkbook(rows, {
      organs, categories: await this.ref.categoryNames(), crypto: this.crypto, today, createdAt: this.clock.now(),
      exportedBy: `${user.name}（${organs.get(user.organId)?.name ?? user.organId}）`,
      onUnreadable: (caseId, failures) => unreadable.push({ caseId, failures }),
    });
    // One value that cannot be decrypted shows as such in the file; each such case is audited.
    for (const u of unreadable) {
      await this.audit.record(this.db, unreadableEntry({ actorId: user.id, actorOrganId: user.organId }, u.caseId, u.failures, { during: 'case.export' }));
    }
    return { today, workbook };
  }
}

function countdown<R extends { nextDue: string | null }>(r: R, today: string) {
  return { ...r, daysLeft: r.nextDue ? daysBetween(today, r.nextDue) : null, overdue: r.nextDue !== null && r.nextDue < today };
}
