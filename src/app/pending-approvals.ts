/**
 * 审批待办, once: the requests (延期, 签发) still pending and addressed to a user, on the cases of
 * their data scope. The workbench's approvals list (WorkbenchService.approvals) and the staff
 * reminders (NotificationService.reminders) both read them from here.
 */
import { and, sql } from 'drizzle-orm';
import type { ApprovalRequest, CaseRecord } from '../domain/model/case.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import { visibleCasesWhere } from './case-scope-sql.js';

/** A pending request with the case it is on. */
export interface PendingApproval {
  case: { id: string; number: string; title: string; state: CaseRecord['state']; version: number; record: CaseRecord };
  approval: ApprovalRequest;
}

/**
 * The pending requests addressed to `user`, in the cases' order as read (callers sort); at most
 * `maxCases` cases are read (the approverIds index narrows them to the cases awaiting the user).
 */
export async function pendingApprovalsFor(db: Db, user: StaffUser, organs: OrganTree, maxCases: number): Promise<PendingApproval[]> {
  const rows = await db
    .select({ id: s.cases.id, number: s.cases.number, title: s.cases.title, state: s.cases.state, version: s.cases.version, record: s.cases.record })
    .from(s.cases).where(and(sql`${s.cases.approverIds} @> ${textArray([user.id])}`, visibleCasesWhere(user, organs))).limit(maxCases);
  return rows.flatMap((r) => r.record.approvals.filter((a) => a.status === 'pending' && a.approverId === user.id).map((approval) => ({ case: r, approval })));
}
