/**
 * Notifications as a service: the outbox listener CaseService calls inside each event's
 * transaction, the administrator's templates, the delivery worker, and staff reminders.
 */
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { AuditSink } from '../app/audit-sink.js';
import type { Clock } from '../app/clock.js';
import { ownOrganCasesWhere, queueCasesWhere, visibleCasesWhere } from '../app/case-scope-sql.js';
import type { ReferenceData } from '../app/reference-data.js';
import { addDays, chinaDate, daysBetween } from '../domain/calendar/dates.js';
import { DomainError, must } from '../domain/errors.js';
import { APPROVAL_KIND_LABELS, labelOf, RECOMMENDATION_TYPE_LABELS } from '../domain/labels.js';
import type { Recommendation } from '../domain/model/case.js';
import type { StaffUser } from '../domain/model/user.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import { requireRole } from '../app/require-role.js';
import { pendingNoticeYears } from '../app/calendar-service.js';
import { pendingApprovalsFor } from '../app/pending-approvals.js';
import { OutboxListener } from './outbox.js';
import type { Logger, SmsAdapter } from './sms/adapter.js';
import { PLACEHOLDER_LABELS, TEMPLATES, TEMPLATE_KEYS, isTemplateKey, validateTemplate, type TemplateKey } from './templates.js';
import { DeliveryWorker, type WorkerOptions } from './worker.js';
import type { Reminder, TemplateView } from './contracts.js';

/** The system administrator's reminder while a year's holiday notice is missing (see pendingNoticeYears). */
export function calendarReminderTitle(year: number): string {
  return `${year}年节假日安排尚未录入，落在该年的期限暂按法定节假日预计（以国务院公布的节假日安排为准）；请在国务院办公厅通知发布后录入`;
}

/** Reminders about a due date start this many days before it. */
export const DUE_SOON_DAYS = 3;
/** Supervision orders stay in the list this long after they were issued. */
const SUPERVISION_DAYS = 30;
const MAX_REMINDERS = 50;

const dayStart = (d: string) => `${d}T00:00:00+08:00`;

export class NotificationService {
  readonly listener: OutboxListener;

  constructor(
    private readonly db: Db, private readonly ref: ReferenceData, private readonly crypto: FieldCrypto,
    private readonly audit: AuditSink, private readonly clock: Clock,
  ) {
    this.listener = new OutboxListener(ref, crypto, this.clock);
  }

  /** A delivery worker over this database (started by src/main.ts; tests call runOnce()). */
  worker(adapter: SmsAdapter, options: Partial<WorkerOptions> = {}, logger?: Logger): DeliveryWorker {
    return new DeliveryWorker(this.db, this.crypto, adapter, this.clock, options, logger);
  }

  /**
   * Mark every undelivered message 'skipped' (never sent). For the generated demo cases: their
   * petitioners are invented, and a configured cloud provider must not text their numbers.
   */
  async skipUndelivered(reason: string): Promise<number> {
    const rows = await this.db.update(s.notificationOutbox).set({ status: 'skipped', leaseUntil: null, lastError: reason })
      .where(inArray(s.notificationOutbox.status, ['pending', 'sending'])).returning({ id: s.notificationOutbox.id });
    return rows.length;
  }

  /** The wording in force for one message: the administrator's, else the default. */
  async templateBody(key: TemplateKey): Promise<string> {
    const rows = await this.db.select({ body: s.notificationTemplates.body }).from(s.notificationTemplates).where(eq(s.notificationTemplates.key, key));
    return rows[0]?.body ?? TEMPLATES[key].body;
  }

  async listTemplates(user: StaffUser): Promise<TemplateView[]> {
    requireRole(user, 'system_admin');
    const rows = await this.db.select().from(s.notificationTemplates);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    return TEMPLATE_KEYS.map((key) => {
      const def = TEMPLATES[key];
      const o = byKey.get(key);
      return {
        key, label: def.label, body: o?.body ?? def.body, defaultBody: def.body, customised: Boolean(o),
        placeholders: def.placeholders.map((p) => ({ name: p, label: PLACEHOLDER_LABELS[p] ?? p, required: (def.required as readonly string[]).includes(p) })),
        updatedBy: o?.updatedBy ?? null, updatedAt: o ? o.updatedAt.toISOString() : null,
      };
    });
  }

  /** 修改短信模板: validated, written and audited in one transaction. */
  async saveTemplate(user: StaffUser, key: string, body: string): Promise<TemplateView> {
    requireRole(user, 'system_admin');
    if (!isTemplateKey(key)) throw new DomainError('TEMPLATE_NOT_FOUND', '短信模板不存在', { key });
    const text = validateTemplate(key, body);
    await this.db.transaction(async (tx) => {
      const before = await tx.select({ body: s.notificationTemplates.body }).from(s.notificationTemplates).where(eq(s.notificationTemplates.key, key));
      const updatedAt = this.clock.now();
      await tx.insert(s.notificationTemplates).values({ key, body: text, updatedBy: user.id, updatedAt })
        .onConflictDoUpdate({ target: s.notificationTemplates.key, set: { body: text, updatedBy: user.id, updatedAt } });
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'notification_template.update', targetType: 'notification_template', targetId: key,
        outcome: 'ok', detail: { before: before[0]?.body ?? TEMPLATES[key].body, after: text },
      });
    });
    return must((await this.listTemplates(user)).find((t) => t.key === key), `the template ${key}, just saved`);
  }

  /**
   * The user's reminders: open cases in their queue (the organ must act, or assigned to them) due
   * within 3 days or overdue, supervision orders (督办) of the last 30 days on cases their organ
   * holds, and recommendations (三项建议, Art 40) addressed to their organ still awaiting its written
   * feedback — always within their data scope. Newest first.
   */
  async reminders(user: StaffUser): Promise<{ items: Reminder[]; unread: number }> {
    const snap = await this.ref.get();
    const today = chinaDate(this.clock.now());
    // Four independent reads, at once: due dates in my queue, supervision orders, recommendations, approvals.
    const [dueRows, supRows, recRows, approvals] = await Promise.all([
      this.db
        .select({ id: s.cases.id, number: s.cases.number, title: s.cases.title, nextDue: s.cases.nextDue, provisional: s.cases.nextDueProvisional })
        .from(s.cases).where(and(queueCasesWhere(user, snap.organs), lte(s.cases.nextDue, addDays(today, DUE_SOON_DAYS))))
        .orderBy(sql`${s.cases.nextDue} asc`).limit(MAX_REMINDERS),
      this.db
        .select({ caseId: s.cases.id, number: s.cases.number, title: s.cases.title, seq: s.caseEvents.seq, at: s.caseEvents.at, data: s.caseEvents.data })
        .from(s.caseEvents).innerJoin(s.cases, eq(s.cases.id, s.caseEvents.caseId))
        .where(and(eq(s.caseEvents.action, 'issue_supervision'), eq(s.cases.holderOrganId, user.organId), ownOrganCasesWhere(user, snap.organs),
          gte(s.caseEvents.on, addDays(today, -SUPERVISION_DAYS))))
        .orderBy(desc(s.caseEvents.at)).limit(MAX_REMINDERS),
      // Unanswered only: recommended_organ_ids lists the organs still owing feedback (GIN-indexed);
      // the recommendations themselves come from the record (it may be closed; the recipient need not hold it).
      this.db
        .select({ caseId: s.cases.id, number: s.cases.number, title: s.cases.title, recommendations: sql<Recommendation[] | null>`${s.cases.record}->'recommendations'` })
        .from(s.cases).where(and(sql`${s.cases.recommendedOrganIds} @> ${textArray([user.organId])}`, visibleCasesWhere(user, snap.organs)))
        .orderBy(desc(s.cases.updatedAt)).limit(MAX_REMINDERS),
      pendingApprovalsFor(this.db, user, snap.organs, MAX_REMINDERS),
    ]);
    const items: Omit<Reminder, 'read'>[] = dueRows.flatMap((r) => {
      const due = r.nextDue;
      if (due === null) return []; // not selected: a null date is not <= anything
      const overdue = due < today;
      return [{
        // The due date is in the key: a new deadline is a new reminder, read or not.
        key: `${overdue ? 'overdue' : 'due'}:${r.id}:${due}`, kind: overdue ? 'overdue' : 'due_soon', caseId: r.id, caseNumber: r.number, title: r.title,
        due, daysLeft: daysBetween(today, due), provisional: r.provisional, at: dayStart(overdue ? addDays(due, 1) : addDays(due, -DUE_SOON_DAYS)),
      }];
    });
    for (const r of supRows) {
      const due = typeof r.data.dueOn === 'string' ? r.data.dueOn : null;
      items.push({ key: `sup:${r.caseId}:${r.seq}`, kind: 'supervision', caseId: r.caseId, caseNumber: r.number, title: r.title, due, daysLeft: due ? daysBetween(today, due) : null, provisional: false, at: new Date(r.at).toISOString() });
    }
    for (const r of recRows) {
      for (const rec of (r.recommendations ?? []).filter((x) => x.answeredOn === null && x.targetOrganId === user.organId)) {
        const type = labelOf(RECOMMENDATION_TYPE_LABELS, rec.type) ?? '建议';
        items.push({
          key: `rec:${r.caseId}:${rec.no}`, kind: 'recommendation', caseId: r.caseId, caseNumber: r.number, title: `${type}：${r.title}`,
          due: rec.dueOn, daysLeft: daysBetween(today, rec.dueOn), provisional: false, at: new Date(`${rec.issuedOn}T00:00:00+08:00`).toISOString(),
        });
      }
    }
    // The system administrator enters each year's State Council notice: reminded from 1 November.
    if (user.roles.includes('system_admin')) {
      for (const year of pendingNoticeYears(snap.calendar, today)) {
        items.push({ key: `calendar:${year}`, kind: 'calendar_year', caseId: '', caseNumber: '', title: calendarReminderTitle(year), due: null, daysLeft: null, provisional: false,
          at: dayStart(`${year - 1}-11-01`), link: '/calendar' });
      }
    }
    // 审批待办: requests addressed to the user (延期, 签发) — each until it is decided.
    for (const { case: r, approval: a } of approvals) {
      items.push({ key: `approval:${r.id}:${a.id}`, kind: 'approval', caseId: r.id, caseNumber: r.number, title: `${APPROVAL_KIND_LABELS[a.kind]}：${r.title}`, due: null, daysLeft: null, provisional: false, at: dayStart(a.requestedOn) });
    }
    items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.key.localeCompare(b.key));
    const shown = items.slice(0, MAX_REMINDERS);
    const read = shown.length === 0 ? [] : await this.db.select({ key: s.reminderReads.key }).from(s.reminderReads)
      // One array parameter, not one per key (up to MAX_REMINDERS).
      .where(and(eq(s.reminderReads.userId, user.id), sql`${s.reminderReads.key} = any(${textArray(shown.map((i) => i.key))})`));
    const readKeys = new Set(read.map((r) => r.key));
    const out = shown.map((i) => ({ ...i, read: readKeys.has(i.key) }));
    return { items: out, unread: out.filter((i) => !i.read).length };
  }

  /** Mark reminders read (only the user's own; unknown keys are harmless and ignored by the list). */
  async markRead(user: StaffUser, keys: string[]): Promise<{ unread: number }> {
    const unique = [...new Set(keys)];
    if (unique.length) {
      await this.db.insert(s.reminderReads).values(unique.map((key) => ({ userId: user.id, key, readAt: this.clock.now() }))).onConflictDoNothing();
    }
    return { unread: (await this.reminders(user)).unread };
  }
}
