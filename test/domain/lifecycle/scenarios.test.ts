/**
 * Whole cases walked through the domain, with every due date computed by hand (the computation
 * is in the comment beside each expectation). Calendar: the library's 2025/2026 arrangements —
 * 国庆中秋 2025-10-01…10-08 off, 9/28 (Sun) and 10/11 (Sat) make-up working days; 2026 元旦 1/1–1/3.
 * Counting: the start day is not counted; a calendar-day period ending on a rest day ends on the
 * next working day; working-day periods skip rest days and count make-up days.
 */
import { describe, expect, it } from 'vitest';
import { libraryYears } from '../../../src/domain/calendar/library-years.js';
import { HolidayCalendar } from '../../../src/domain/calendar/holiday-calendar.js';
import { DomainError } from '../../../src/domain/errors.js';
import { clockViews, openClock, recomputeClocks } from '../../../src/domain/lifecycle/clocks.js';
import { refusalFor } from '../../../src/domain/lifecycle/engine.js';
import { registerPetition } from '../../../src/domain/lifecycle/registration.js';
import type { ActionInputs } from '../../../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../../../src/domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import { NATIONAL_PROFILE, PROVINCIAL_EXAMPLE_PROFILE, type ClockKind } from '../../../src/domain/rules/profiles.js';
import {
  CALENDAR, DEMO_WORLD, PETITIONER, PETITIONER_ID_NUMBER, act, contextFor, idNumber, linkOf, opinionInput, petition,
  registerCase, userId, walk, worldWith, type CtxOptions,
} from '../../support/domain-fixtures.js';

// ——— helpers ———

/** Due date of the open clock of that kind (undefined when none is open, null while paused). */
const due = (c: CaseRecord, kind: ClockKind) => openClock(c, kind)?.due;
/** When each clock of that kind stopped (null = still running). */
const stops = (c: CaseRecord, kind: ClockKind) => c.clocks.filter((k) => k.kind === kind).map((k) => k.stoppedOn);
const openKinds = (c: CaseRecord) => c.clocks.filter((k) => k.stoppedOn === null).map((k) => k.kind).sort();

/** Applies the action and returns the next case. */
function next<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string, opts: CtxOptions = {}): CaseRecord {
  return act(c, actor, action, input, on, opts).case;
}

/** The refusal code of an action (it must be refused, and must not change the case). */
function refused<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string, opts: CtxOptions = {}): string {
  const before = structuredClone(c);
  try {
    act(c, actor, action, input, on, opts);
  } catch (e) {
    expect(c).toEqual(before);
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error(`${action} by ${actor} on ${on} was not refused`);
}

const errorCode = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'none';
};

const FORWARD_TO_RSJ = { targetOrganId: 'county-rsj' } as const;
const opinionBy = (approver: string) => opinionInput({ content: petition() }, approver);

// ——— the whole road ———

describe('a wage claim from letter to the final re-review opinion (来信 → 转送 → 受理 → 延期 → 处理意见 → 复查 → 复核)', () => {
  it('keeps every statutory due date along the way', () => {
    // 登记 at 于都县信访局, received Saturday 2025-09-20.
    let c = registerCase('xfj_clerk');
    expect(c.state).toBe('registered');
    // Routing (Art 22): 9/20 + 15 calendar days = 10/05, inside 国庆中秋 (10/01–10/08) → 10/09 (Thu).
    expect(due(c, 'routing')).toBe('2025-10-09');

    // 转送 to 县人社局 on Mon 9/22.
    const forwarded = act(c, 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22');
    c = forwarded.case;
    expect([c.state, c.holderOrganId, c.senderOrganId]).toEqual(['awaiting_acceptance', 'county-rsj', 'county-xfj']);
    expect(stops(c, 'routing')).toEqual(['2025-09-22']);
    // Acceptance notice (Art 23): 9/22 + 15 = 10/07, a holiday → roll forward past 10/08 → 10/09.
    expect(due(c, 'acceptance')).toBe('2025-10-09');
    // Objection: 5 working days after 9/22 — 9/23, 9/24, 9/25, 9/26, then Sat 9/27 is off and
    // Sun 9/28 is a 调休 make-up working day → the 5th working day is 9/28.
    expect(due(c, 'objection')).toBe('2025-09-28');
    expect(forwarded.documents).toMatchObject([{ kind: 'forwarding_slip', organId: 'county-xfj', data: { to: 'county-rsj', due: '2025-10-09' } }]);

    // 受理 on Thu 9/25: handling (Art 34) 9/25 + 60 = 11/24 (Mon, a working day).
    const accepted = act(c, 'rsj_handler', 'accept', {}, '2025-09-25');
    c = accepted.case;
    expect([c.state, c.acceptedOn]).toEqual(['handling', '2025-09-25']);
    expect(due(c, 'handling')).toBe('2025-11-24');
    expect(openKinds(c)).toEqual(['handling']);
    expect(accepted.documents[0]).toMatchObject({ kind: 'acceptance_notice', data: { receivedOn: '2025-09-22', handlingDue: '2025-11-24' } });

    // 延期 (Art 34): the handler asks this organ's 负责人, who approves before the period ends; ≤30 days, once.
    const extension = { days: 30, reason: '需调取工地考勤记录', approverId: userId('rsj_leader') };
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, approverId: userId('rsj_handler') }, '2025-10-20')).toBe('APPROVER_INVALID'); // not a leader
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, approverId: userId('zjj_leader') }, '2025-10-20')).toBe('APPROVER_INVALID'); // another organ's leader
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, approverId: '' }, '2025-10-20')).toBe('INPUT_REQUIRED');
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, days: 31 }, '2025-10-20')).toBe('EXTENSION_TOO_LONG');
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, days: 0 }, '2025-10-20')).toBe('INPUT_INVALID'); // never rounded up to 1
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, days: 2.5 }, '2025-10-20')).toBe('INPUT_INVALID');
    c = next(c, 'rsj_handler', 'request_extension', extension, '2025-10-20');
    // Asking changes nothing but the pending request: the period still ends on 11/24.
    expect(c.approvals).toMatchObject([{ id: 1, kind: 'extension', approverId: 'u-rsj_leader', requestedBy: 'u-rsj_handler', requestedOn: '2025-10-20', status: 'pending' }]);
    expect([c.extension, due(c, 'handling')]).toEqual([null, '2025-11-24']);
    expect(refused(c, 'rsj_handler', 'request_extension', extension, '2025-10-21')).toBe('APPROVAL_PENDING');
    expect(refused(c, 'rsj_handler', 'approve_extension', { approvalId: 1 }, '2025-10-21')).toBe('ROLE_NOT_ALLOWED'); // the handler does not approve
    const extended = act(c, 'rsj_leader', 'approve_extension', { approvalId: 1 }, '2025-10-21');
    c = extended.case;
    // 9/25 + 60 + 30 = 9/25 + 90 = 12/24 (Wed).
    expect(due(c, 'handling')).toBe('2025-12-24');
    expect(c.approvals[0]).toMatchObject({ status: 'approved', decidedOn: '2025-10-21' });
    expect(extended.documents[0]).toMatchObject({ kind: 'extension_notice', data: { days: 30, newDue: '2025-12-24', approverId: 'u-rsj_leader' } });
    expect(refused(c, 'rsj_handler', 'request_extension', { ...extension, days: 5 }, '2025-11-01')).toBe('ALREADY_EXTENDED');

    // 处理意见书 (Art 32): each request answered; drafted by the handler, signed (签发) by the 负责人.
    const onlyFirst = { ...opinionBy('rsj_leader'), outcomes: opinionBy('rsj_leader').outcomes.slice(0, 1) };
    expect(refused(c, 'rsj_handler', 'draft_opinion', onlyFirst, '2025-11-07')).toBe('OPINION_INCOMPLETE');
    expect(refused(c, 'rsj_handler', 'draft_opinion', opinionBy('zjj_leader'), '2025-11-07')).toBe('APPROVER_INVALID');
    const adopted = { ...opinionBy('rsj_leader'), outcomes: opinionBy('rsj_leader').outcomes.map((o) => ({ ...o, outcome: 'adopt' as const })) };
    expect(refused(c, 'rsj_handler', 'draft_opinion', adopted, '2025-11-07')).toBe('INPUT_INVALID'); // 采纳 answers suggestions, not claims (Art 29 vs 32)
    c = next(c, 'rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-11-07');
    expect([c.state, c.opinions.length, openKinds(c)]).toEqual(['handling', 0, ['handling']]);
    expect(refused(c, 'rsj_handler', 'sign_opinion', { approvalId: 2 }, '2025-11-10')).toBe('ROLE_NOT_ALLOWED');
    c = next(c, 'rsj_leader', 'sign_opinion', { approvalId: 2 }, '2025-11-10');
    expect(c.state).toBe('opinion_issued');
    expect(c.opinions[0]).toMatchObject({ issuedOn: '2025-11-10', approverId: 'u-rsj_leader', organId: 'county-rsj' });
    expect(stops(c, 'handling')).toEqual(['2025-11-10']);
    expect(openKinds(c)).toEqual([]);

    // 送达 on 11/12: the petitioner may ask for review (Art 35) within 30 days: 11/12 + 30 = 12/12 (Fri).
    expect(refused(c, 'rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-13' }, '2025-11-12')).toBe('DATE_IN_FUTURE');
    expect(refused(c, 'rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-09' }, '2025-11-12')).toBe('DATE_BEFORE_OPINION');
    expect(refused(c, 'xian_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12')).toBe('NOT_ISSUING_ORGAN');
    c = next(c, 'rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12');
    expect(c.state).toBe('served');
    expect(openClock(c, 'review_request')).toMatchObject({ organId: 'county', due: '2025-12-12' });

    // 评价 by the petitioner, once per stage.
    c = next(c, PETITIONER, 'evaluate', { result: 'unsatisfied', comment: '未解决社保问题' }, '2025-11-13');
    expect(refused(c, PETITIONER, 'evaluate', { result: 'satisfied' }, '2025-11-14')).toBe('ALREADY_EVALUATED');

    // 申请复查: the last day 12/12 is still in time, 12/13 is not.
    expect(refusalFor(c, 'request_review', contextFor(PETITIONER, '2025-12-12', { caseId: c.id }))).toBeNull();
    expect(refused(c, PETITIONER, 'request_review', { reasons: '不服' }, '2025-12-13')).toBe('REVIEW_WINDOW_EXPIRED');
    expect(refused(c, PETITIONER, 'request_review', { reasons: '不服', requestedOn: '2025-11-21' }, '2025-11-20')).toBe('DATE_IN_FUTURE');
    c = next(c, PETITIONER, 'request_review', { reasons: '社保诉求未获支持' }, '2025-11-20');
    expect(c.review).toEqual({ organId: 'county', requestedOn: '2025-11-20', receivedOn: '2025-11-20', acceptedOn: null });
    expect(stops(c, 'review_request')).toEqual(['2025-11-20']);
    // The review is decided within 30 days of the request: 11/20 + 30 = 12/20 (Sat) → 12/22 (Mon).
    expect(due(c, 'review_decision')).toBe('2025-12-22');

    // 复查 by 于都县人民政府 (the organ one level up from 县人社局).
    expect(refused(c, 'rsj_handler', 'accept_review', {}, '2025-11-21')).toBe('ORGAN_NOT_ALLOWED');
    c = next(c, 'xian_handler', 'accept_review', {}, '2025-11-21');
    expect([c.state, c.review?.acceptedOn]).toEqual(['under_review', '2025-11-21']);
    c = next(c, 'xian_handler', 'draft_review_opinion', { ...opinionBy('xian_leader'), decision: 'uphold' }, '2025-12-08');
    c = next(c, 'xian_leader', 'sign_review_opinion', { approvalId: 3 }, '2025-12-10');
    expect(c.state).toBe('review_opinion_issued');
    expect(stops(c, 'review_decision')).toEqual(['2025-12-10']);
    c = next(c, 'xian_handler', 'serve', { method: 'mail', servedOn: '2025-12-12' }, '2025-12-12');
    expect(c.state).toBe('review_served');
    // 申请复核 (Art 36) to 赣州市人民政府 within 30 days: 12/12 + 30 = 2026-01-11 (Sun) → 01-12 (Mon).
    expect(openClock(c, 'rereview_request')).toMatchObject({ organId: 'city', due: '2026-01-12' });

    // 复核, recorded by the city's handler on 12/29: decided within 30 days: 12/29 + 30 = 2026-01-28 (Wed).
    c = next(c, 'shi_handler', 'request_rereview', { reasons: '对复查意见不服' }, '2025-12-29');
    expect(c.rereview).toMatchObject({ organId: 'city', requestedOn: '2025-12-29' });
    expect(due(c, 'rereview_decision')).toBe('2026-01-28');
    c = next(c, 'shi_handler', 'accept_rereview', {}, '2025-12-30');
    expect(c.state).toBe('under_rereview');

    // 听证 (Art 36): hearing time is not counted — the clock is paused, no due date while it lasts.
    c = next(c, 'shi_handler', 'start_hearing', {}, '2026-01-05');
    expect(due(c, 'rereview_decision')).toBeNull();
    expect(clockViews(c, '2026-01-06').find((v) => v.kind === 'rereview_decision')).toMatchObject({ paused: true, due: null, overdue: false });
    expect(refused(c, 'shi_handler', 'draft_rereview_opinion', { ...opinionBy('shi_leader'), decision: 'uphold' }, '2026-01-10')).toBe('HEARING_OPEN');
    expect(refused(c, 'shi_handler', 'start_hearing', {}, '2026-01-10')).toBe('HEARING_OPEN');
    // Ends 10 days later (1/05 … 1/14 not counted): 12/29 + 30 + 10 = 2026-02-07 (Sat) → 02-09 (Mon).
    c = next(c, 'shi_handler', 'end_hearing', { summary: '听证结束' }, '2026-01-15');
    expect(due(c, 'rereview_decision')).toBe('2026-02-09');
    expect(refused(c, 'shi_handler', 'end_hearing', { summary: '再次结束' }, '2026-01-16')).toBe('NO_HEARING');

    c = next(c, 'shi_handler', 'draft_rereview_opinion', { ...opinionBy('shi_leader'), decision: 'uphold' }, '2026-01-19');
    c = next(c, 'shi_leader', 'sign_rereview_opinion', { approvalId: 4 }, '2026-01-20');
    expect(c.state).toBe('rereview_opinion_issued');
    // Served: the re-review opinion is final (Art 36 ¶3) — the case ends there, no click to 终结.
    c = next(c, 'shi_handler', 'serve', { method: 'electronic', servedOn: '2026-01-22' }, '2026-01-22');
    expect([c.state, c.closedOn, openKinds(c)]).toEqual(['rereview_served', '2026-01-22', []]);
    expect(c.version).toBe(21); // registration (1) + 20 applied actions

    // 不再受理: the same matter petitioned again is not routed or accepted until an officer has compared it (Art 36 ¶3).
    const links = { linkedCases: [linkOf(c)] };
    const again = registerCase('xfj_clerk', { receivedOn: '2026-03-02', linkedCaseIds: [c.id] }, links);
    expect(refused(again, 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2026-03-03', links)).toBe('SAME_MATTER_UNDECIDED');
    expect(refused(again, 'xfj_officer', 'decline_final_matter', { earlierCaseId: 'someone-else', sameFactsAndReasons: true }, '2026-03-03', links)).toBe('EARLIER_CASE_INVALID');
    expect(refused(again, 'xfj_officer', 'decline_final_matter', { earlierCaseId: c.id, sameFactsAndReasons: false as true }, '2026-03-03', links)).toBe('CONFIRMATION_REQUIRED');
    const notAgain = act(again, 'xfj_officer', 'decline_final_matter', { earlierCaseId: c.id, sameFactsAndReasons: true }, '2026-03-03', links);
    expect([notAgain.case.state, notAgain.case.closedOn, openKinds(notAgain.case)]).toEqual(['not_reaccepted', '2026-03-03', []]);
    expect(notAgain.documents[0]).toMatchObject({ kind: 'non_reacceptance_notice', organId: 'county-xfj', data: { earlierCaseNumber: c.number, basis: '《信访工作条例》第三十六条第三款' } });
    // New facts or reasons make it a new matter: found once, then routed like any petition.
    const found = next(again, 'xfj_officer', 'confirm_new_matter', { earlierCaseId: c.id, newFactsOrReasons: '复核后用人单位又新增拖欠三个月工资' }, '2026-03-03', links);
    expect(found.newMatterFindings).toEqual([{ earlierCaseId: c.id, newFactsOrReasons: '复核后用人单位又新增拖欠三个月工资', by: 'u-xfj_officer', on: '2026-03-03' }]);
    expect(next(found, 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2026-03-03', links).state).toBe('awaiting_acceptance');
    expect(refused(found, 'xfj_officer', 'decline_final_matter', { earlierCaseId: c.id, sameFactsAndReasons: true }, '2026-03-03', links)).toBe('NO_FINAL_MATTER');
  });

  it('责令重作: a review ordering a redo sends the case back to the original organ with a fresh 60-day period', () => {
    let c = registerCase('xfj_clerk');
    c = walk(c, [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
      ['rsj_handler', 'accept', {}, '2025-09-25'],
      ['rsj_handler', 'request_extension', { days: 10, reason: '补充调查', approverId: userId('rsj_leader') }, '2025-10-20'],
      ['rsj_leader', 'approve_extension', { approvalId: 1 }, '2025-10-20'],
      ['rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-11-10'],
      ['rsj_leader', 'sign_opinion', { approvalId: 2 }, '2025-11-10'],
      ['rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12'],
      [PETITIONER, 'request_review', { reasons: '不服' }, '2025-11-20'],
      ['xian_handler', 'accept_review', {}, '2025-11-21'],
      ['xian_handler', 'draft_review_opinion', { ...opinionBy('xian_leader'), decision: 'redo' }, '2025-12-10'],
      ['xian_leader', 'sign_review_opinion', { approvalId: 3 }, '2025-12-10'],
    ]);
    expect([c.state, c.holderOrganId, c.review, c.extension]).toEqual(['handling', 'county-rsj', null, null]);
    // 12/10 + 60 = 2026-02-08 (Sun) → 02-09 (Mon).
    expect(openClock(c, 'handling')).toMatchObject({ organId: 'county-rsj', start: '2025-12-10', due: '2026-02-09' });
    expect(openKinds(c)).toEqual(['handling']);
  });
});

// ——— objection (异议) ———

describe('异议: an organ that is sent a matter outside its remit objects within 5 working days (Art 23)', () => {
  const forwarded = () => next(registerCase('xfj_clerk'), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22');

  it('an objection on the 5th working day (Sun 9/28, a make-up day) is in time; the office agreeing takes the case back', () => {
    let c = next(forwarded(), 'rsj_handler', 'object', { reason: '属住建部门职责' }, '2025-09-28');
    expect(c.state).toBe('objection_pending');
    expect(c.objection).toEqual({ reason: '属住建部门职责', raisedOn: '2025-09-28', organId: 'county-rsj' });
    expect(stops(c, 'objection')).toEqual(['2025-09-28']);
    expect(refused(c, 'rsj_leader', 'approve_objection', {}, '2025-09-29')).toBe('ORGAN_NOT_ALLOWED'); // a 负责人 may route, but 县人社局 is not the sender
    c = next(c, 'xfj_officer', 'approve_objection', { note: '同意' }, '2025-09-29');
    expect([c.state, c.holderOrganId, c.senderOrganId, c.routing]).toEqual(['registered', 'county-xfj', null, null]);
    expect(stops(c, 'acceptance')).toEqual(['2025-09-29']);
    // Back at the office, its routing period counts from the original receipt (Art 22):
    // 9/20 + 15 = 10/05, in the National Day holiday → 10/09 (Thu).
    expect(openClock(c, 'routing')).toMatchObject({ organId: 'county-xfj', start: '2025-09-20', due: '2025-10-09' });
    // …and it routes again, to the right organ.
    c = next(c, 'xfj_officer', 'forward', { targetOrganId: 'county-zjj' }, '2025-09-30');
    expect([c.state, c.holderOrganId]).toEqual(['awaiting_acceptance', 'county-zjj']);
  });

  it('an objection on the 6th working day (Mon 9/29) is refused: OBJECTION_WINDOW_EXPIRED', () => {
    expect(refused(forwarded(), 'rsj_handler', 'object', { reason: '不属本机关' }, '2025-09-29')).toBe('OBJECTION_WINDOW_EXPIRED');
  });

  it('the office disagreeing leaves the case with the organ; the acceptance clock kept running (due 10/09)', () => {
    let c = next(forwarded(), 'rsj_handler', 'object', { reason: '不属本机关' }, '2025-09-24');
    c = next(c, 'xfj_officer', 'reject_objection', { reason: '属于你局职责' }, '2025-09-26');
    expect([c.state, c.holderOrganId, due(c, 'acceptance')]).toEqual(['awaiting_acceptance', 'county-rsj', '2025-10-09']);
    // The objection window is used up: no second objection.
    expect(refused(c, 'rsj_handler', 'object', { reason: '再次异议' }, '2025-09-26')).toBe('OBJECTION_WINDOW_EXPIRED');
  });

  it('an organ that received the petition directly has no sender to object to: NO_SENDER', () => {
    const c = next(registerCase('rsj_handler'), 'rsj_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21');
    expect(refused(c, 'rsj_handler', 'object', { reason: '不属本机关' }, '2025-09-22')).toBe('NO_SENDER');
  });
});

// ——— 交办 with report-back ———

describe('交办: the assigned organ reports back (办结报告); the office approves or sends it back', () => {
  it('return_report sends the case back to handling; close waits for an approved report and an expired review window', () => {
    let c = registerCase('xfj_clerk');
    const assigned = act(c, 'xfj_officer', 'assign', { targetOrganId: 'county-rsj', reportBackDue: '2025-11-30' }, '2025-09-22');
    c = assigned.case;
    expect(c.assignment).toEqual({ assignerOrganId: 'county-xfj', reportBackDue: '2025-11-30', report: 'pending', reportText: null });
    expect(openClock(c, 'report_back')).toMatchObject({ ruleSource: 'fixed', due: '2025-11-30', organId: 'county-rsj' });
    expect(assigned.documents[0]).toMatchObject({ kind: 'assignment_slip', data: { reportBackDue: '2025-11-30' } });
    expect(refused(c, 'xfj_officer', 'assign', { targetOrganId: 'county-zjj', reportBackDue: '2025-09-22' }, '2025-09-22')).toBe('STATE_NOT_ALLOWED');
    expect(refused(registerCase('xfj_clerk'), 'xfj_officer', 'assign', { targetOrganId: 'county-zjj', reportBackDue: '2025-09-22' }, '2025-09-22')).toBe('DATE_NOT_AFTER_TODAY');

    c = walk(c, [
      ['rsj_handler', 'accept', {}, '2025-09-25'],
      ['rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-10-20'],
      ['rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-10-20'],
      ['rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-10-22' }, '2025-10-22'],
    ]);
    expect(refused(c, 'xfj_officer', 'approve_report', {}, '2025-10-22')).toBe('NO_REPORT');
    expect(refused(c, 'rsj_handler', 'close', {}, '2025-12-01')).toBe('REPORT_NOT_APPROVED');
    c = next(c, 'rsj_handler', 'submit_report', { text: '已办结' }, '2025-10-23');
    expect(c.assignment?.report).toBe('submitted');
    expect(stops(c, 'report_back')).toEqual(['2025-10-23']);
    expect(refused(c, 'rsj_handler', 'submit_report', { text: '再报' }, '2025-10-23')).toBe('REPORT_ALREADY_SUBMITTED');
    expect(refused(c, 'rsj_handler', 'return_report', { reason: '自己退回', reportBackDue: '2025-12-31' }, '2025-10-24')).toBe('ROLE_NOT_ALLOWED');

    // 退回重办: back to handling, a new 60-day period from the return: 10/24 + 60 = 12/23 (Tue).
    expect(refused(c, 'xfj_officer', 'return_report', { reason: '未回应第二项诉求', reportBackDue: '2025-10-24' }, '2025-10-24')).toBe('DATE_NOT_AFTER_TODAY');
    c = next(c, 'xfj_officer', 'return_report', { reason: '未回应第二项诉求', reportBackDue: '2025-12-31' }, '2025-10-24');
    expect([c.state, c.assignment?.report, c.extension]).toEqual(['handling', 'returned', null]);
    expect(openClock(c, 'report_back')).toMatchObject({ ruleSource: 'fixed', due: '2025-12-31', organId: 'county-rsj' });
    expect(due(c, 'handling')).toBe('2025-12-23');
    expect(stops(c, 'review_request')).toEqual(['2025-10-24']);

    c = walk(c, [
      ['rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-11-05'],
      ['rsj_leader', 'sign_opinion', { approvalId: 2 }, '2025-11-05'],
      ['rsj_handler', 'serve', { method: 'mail', servedOn: '2025-11-06' }, '2025-11-06'],
    ]);
    // New review window: 11/06 + 30 = 12/06 (Sat) → 12/08 (Mon).
    expect(due(c, 'review_request')).toBe('2025-12-08');
    expect(refused(c, 'rsj_handler', 'close', {}, '2025-12-10')).toBe('REPORT_NOT_APPROVED');
    c = walk(c, [
      ['rsj_handler', 'submit_report', { text: '已重新办理并送达' }, '2025-11-07'],
      ['xfj_officer', 'approve_report', { note: '同意' }, '2025-11-10'],
    ]);
    expect(c.assignment?.report).toBe('approved');
    expect(refused(c, 'rsj_handler', 'close', {}, '2025-11-10')).toBe('REQUEST_WINDOW_OPEN');
    expect(refused(c, 'rsj_handler', 'close', {}, '2025-12-08')).toBe('REQUEST_WINDOW_OPEN'); // the last day of the window
    c = next(c, 'rsj_handler', 'close', {}, '2025-12-09');
    expect([c.state, c.closedOn, openKinds(c)]).toEqual(['closed', '2025-12-09', []]);
  });
});

// ——— 简易办理 ———

describe('简易办理: 1 / 3 / 10 working days; converting to the normal procedure gives 15 / 60 calendar days', () => {
  // Received Mon 9/22 at 县信访局 as a simplified case.
  const simplified = () => registerCase('xfj_clerk', { receivedOn: '2025-09-22' }, { simplified: true });

  it('counts each stage in working days, make-up days included', () => {
    let c = simplified();
    // Routing: 1 working day after 9/22 → 9/23.
    expect(openClock(c, 'routing')).toMatchObject({ ruleSource: 'simplified', due: '2025-09-23' });
    c = next(c, 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-23');
    // Acceptance: 3 working days after 9/23 → 9/24, 9/25, 9/26.
    expect(due(c, 'acceptance')).toBe('2025-09-26');
    // The objection period is not shortened: 9/24, 9/25, 9/26, 9/28 (make-up), 9/29.
    expect(due(c, 'objection')).toBe('2025-09-29');
    c = next(c, 'rsj_handler', 'accept', {}, '2025-09-26');
    // Opinion: 10 working days after 9/26 → 9/28 (make-up Sun), 9/29, 9/30, [10/1–10/8 off], 10/9, 10/10,
    // 10/11 (make-up Sat), 10/13, 10/14, 10/15, 10/16.
    expect(openClock(c, 'handling')).toMatchObject({ ruleSource: 'simplified', due: '2025-10-16' });

    // Converted on 9/30: 60 calendar days from acceptance 9/26 = 11/25 (Tue).
    c = next(c, 'rsj_handler', 'convert_to_normal', { reason: '需实地调查' }, '2025-09-30');
    expect(c.simplified).toBe(false);
    expect(openClock(c, 'handling')).toMatchObject({ ruleSource: 'profile', start: '2025-09-26', due: '2025-11-25' });
    expect(refused(c, 'rsj_handler', 'convert_to_normal', { reason: '再转' }, '2025-10-01')).toBe('NOT_SIMPLIFIED');
  });

  it('converted while awaiting acceptance: 15 calendar days from receipt at the organ (9/23 + 15 = 10/08, a holiday → 10/09)', () => {
    let c = next(simplified(), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-23');
    c = next(c, 'rsj_handler', 'convert_to_normal', { reason: '涉及多项诉求' }, '2025-09-24');
    expect(due(c, 'acceptance')).toBe('2025-10-09');
    expect(due(c, 'objection')).toBe('2025-09-29');
  });

  it('applying it later recomputes the running clock from its start (routing 9/20 → 1 working day → Mon 9/22)', () => {
    const c = next(registerCase('xfj_clerk'), 'xfj_officer', 'apply_simplified', {}, '2025-09-21');
    expect(openClock(c, 'routing')).toMatchObject({ ruleSource: 'simplified', due: '2025-09-22' });
    expect(refused(c, 'xfj_officer', 'apply_simplified', {}, '2025-09-21')).toBe('ALREADY_SIMPLIFIED');
  });

  it.each([
    ['a repeated petition (非初信初访)', { linkedCaseIds: ['earlier'] }],
    ['several organs concerned (多机关)', { organsConcerned: ['county-rsj', 'county-zjj'] }],
    ['an accusation (检举控告)', { kind: 'accusation' as const, accusedOrganIds: ['town-tsl'] }],
  ])('is excluded for %s: SIMPLIFIED_EXCLUDED', (_what, content) => {
    const links = { linkedCases: [{ id: 'earlier', number: '360731-2025-000001', state: 'handling' as const, holderOrganId: 'county-rsj', accepted: true }] };
    expect(errorCode(() => registerCase('xfj_clerk', content, { ...links, simplified: true }))).toBe('SIMPLIFIED_EXCLUDED');
    const c = registerCase('xfj_clerk', content, links);
    expect(refused(c, 'xfj_officer', 'apply_simplified', {}, '2025-09-21', links)).toBe('SIMPLIFIED_EXCLUDED');
  });

  it('is excluded for 交办 cases, both ways: SIMPLIFIED_EXCLUDED', () => {
    expect(refused(simplified(), 'xfj_officer', 'assign', { targetOrganId: 'county-rsj', reportBackDue: '2025-11-30' }, '2025-09-22')).toBe('SIMPLIFIED_EXCLUDED');
    const assigned = next(registerCase('xfj_clerk'), 'xfj_officer', 'assign', { targetOrganId: 'county-rsj', reportBackDue: '2025-11-30' }, '2025-09-22');
    expect(refused(assigned, 'rsj_handler', 'apply_simplified', {}, '2025-09-23')).toBe('SIMPLIFIED_EXCLUDED');
  });
});

// ——— registration rules ———

describe('走访 by a group: several people elect at most 5 representatives (Art 20)', () => {
  const person = (i: number, representative: boolean) => ({ kind: 'person' as const, name: `来访人${i}`, representative });
  const register = (headcount: number, reps: number) => () => registerCase('xfj_clerk', {
    channel: 'visit', headcount, petitioners: Array.from({ length: Math.max(reps, 1) }, (_, i) => person(i, i < reps)),
  });

  it.each([
    [7, 0, 'REPRESENTATIVES_REQUIRED'],
    [2, 0, 'REPRESENTATIVES_REQUIRED'], // 多人走访: any group elects representatives, not only above 5
    [7, 6, 'TOO_MANY_REPRESENTATIVES'],
    [12, 6, 'TOO_MANY_REPRESENTATIVES'],
  ])('%i visitors with %i representatives: %s', (headcount, reps, code) => {
    expect(errorCode(register(headcount, reps))).toBe(code);
  });

  it.each([[7, 5], [7, 1], [5, 2], [1, 0]])('%i visitors with %i representatives are registered', (headcount, reps) => {
    expect(register(headcount, reps)().state).toBe('registered');
  });
});

describe('检举控告: never sent to the accused organ or below it (Art 30)', () => {
  const accusation = () => registerCase('xfj_clerk', { kind: 'accusation', title: '检举铁山垅镇干部截留补贴', accusedOrganIds: ['town-tsl'] });

  it('goes to 县纪委监委 (forward_discipline): out of the 信访 procedure, the accuser told where and what remedy (Art 22 ¶2, Art 30)', () => {
    const out = act(accusation(), 'xfj_officer', 'forward_discipline', { targetOrganId: 'county-jw' }, '2025-09-22');
    const c = out.case;
    expect([c.state, c.holderOrganId, c.senderOrganId, c.routing, c.closedOn, openKinds(c)]).toEqual(['referred', 'county-jw', 'county-xfj', 'discipline', '2025-09-22', []]);
    expect(out.documents.map((d) => [d.kind, d.organId])).toEqual([['forwarding_slip', 'county-xfj'], ['referral_notice', 'county-xfj']]);
    expect(out.documents[1]!.data).toMatchObject({ toName: '中共于都县纪律检查委员会、于都县监察委员会', procedure: '由纪检监察机关依规依纪依法处理' });
    expect(String(out.documents[1]!.data.remedy)).toContain('不适用信访复查、复核程序');
  });

  it('forwarding to the accused township is refused: ROUTE_TO_ACCUSED', () => {
    expect(refused(accusation(), 'xfj_officer', 'forward', { targetOrganId: 'town-tsl' }, '2025-09-22')).toBe('ROUTE_TO_ACCUSED');
  });

  it('an accusation against a department never goes to it, but goes to discipline inspection', () => {
    const c = registerCase('xfj_clerk', { kind: 'accusation', title: '检举县人社局工作人员', accusedOrganIds: ['county-rsj'] });
    expect(refused(c, 'xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22')).toBe('ROUTE_TO_ACCUSED');
    expect(next(c, 'xfj_officer', 'forward_discipline', { targetOrganId: 'county-jw' }, '2025-09-22')).toMatchObject({ holderOrganId: 'county-jw', state: 'referred' });
  });

  it('a village committee is no handling organ: DESTINATION_KIND_INVALID', () => {
    expect(refused(registerCase('xfj_clerk'), 'xfj_officer', 'forward', { targetOrganId: 'vil-gj-1' }, '2025-09-22')).toBe('DESTINATION_KIND_INVALID');
  });

  it('the accused township cannot register it itself: ROUTE_TO_ACCUSED', () => {
    expect(errorCode(() => registerCase('tsl_handler', { kind: 'accusation', accusedOrganIds: ['town-tsl'] }))).toBe('ROUTE_TO_ACCUSED');
  });

  it('forward_discipline only reaches a discipline organ: DESTINATION_KIND_INVALID', () => {
    expect(refused(accusation(), 'xfj_officer', 'forward_discipline', { targetOrganId: 'county-rsj' }, '2025-09-22')).toBe('DESTINATION_KIND_INVALID');
  });

  it('only accusations name accused organs: INPUT_INVALID', () => {
    expect(errorCode(() => registerCase('xfj_clerk', { accusedOrganIds: ['town-tsl'] }))).toBe('INPUT_INVALID');
  });
});

// ——— recusal ———

describe('回避: staff with a direct interest step aside (Art 28)', () => {
  const forwarded = (opts: CtxOptions = {}, content = {}) =>
    next(registerCase('xfj_clerk', content, opts), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22', opts);

  it('a handler whose own ID number is the petitioner\'s is refused: RECUSED; the leader may act', () => {
    const world = worldWith(DEMO_WORLD, { idNumbers: { rsj_handler: PETITIONER_ID_NUMBER } });
    const c = forwarded({ world });
    expect(refused(c, 'rsj_handler', 'accept', {}, '2025-09-23', { world })).toBe('RECUSED');
    expect(next(c, 'rsj_leader', 'accept', {}, '2025-09-23', { world }).state).toBe('handling');
  });

  it('the ID number comparison ignores the case of the check character X', () => {
    const withX = idNumber('36073119850101009'); // its check character is X
    expect(withX.endsWith('X')).toBe(true);
    const world = worldWith(DEMO_WORLD, { idNumbers: { rsj_handler: withX.toLowerCase() } });
    const c = forwarded({ world }, { petitioners: [{ kind: 'person', name: '李某', idNumber: withX }] });
    expect(refused(c, 'rsj_handler', 'accept', {}, '2025-09-23', { world })).toBe('RECUSED');
  });

  it('a user named in the matter is refused: RECUSED', () => {
    const c = forwarded({}, { involvedUserIds: [userId('rsj_handler')] });
    expect(refused(c, 'rsj_handler', 'accept', {}, '2025-09-23')).toBe('RECUSED');
  });

  it('declare_conflict makes the user recused for every other action', () => {
    let c = next(forwarded(), 'rsj_handler', 'accept', {}, '2025-09-23');
    c = next(c, 'rsj_handler', 'declare_conflict', { reason: '系信访人亲属' }, '2025-09-24');
    expect(c.recusedUserIds).toEqual([userId('rsj_handler')]);
    expect(refused(c, 'rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-09-25')).toBe('RECUSED');
    // Stepping aside is always possible, and idempotent.
    expect(next(c, 'rsj_handler', 'declare_conflict', { reason: '再次声明' }, '2025-09-25').recusedUserIds).toEqual([userId('rsj_handler')]);

    const both = next(c, 'rsj_leader', 'declare_conflict', { reason: '曾参与该工程验收' }, '2025-09-25');
    expect(refused(both, 'rsj_leader', 'draft_opinion', opinionBy('rsj_leader'), '2025-09-26')).toBe('RECUSED');
  });

  it('a leader who stepped aside cannot sign the handler\'s opinion: APPROVER_RECUSED', () => {
    let c = next(forwarded(), 'rsj_handler', 'accept', {}, '2025-09-23');
    c = next(c, 'rsj_leader', 'declare_conflict', { reason: '曾参与该工程验收' }, '2025-09-24');
    expect(refused(c, 'rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-09-26')).toBe('APPROVER_RECUSED');
  });
});

// ——— several organs, successors ———

describe('多机关: the organs concerned agree who accepts, or their common superior decides (Art 24)', () => {
  const concerned = ['county-rsj', 'county-zjj'];
  const multi = () => registerCase('xfj_clerk', { organsConcerned: concerned });

  it('an agreement missing one of the organs is refused: AGREEMENT_INCOMPLETE', () => {
    expect(refused(multi(), 'xfj_officer', 'designate_lead_organ', { leadOrganId: 'county-zjj', mode: 'agreement', agreedOrganIds: ['county-zjj'] }, '2025-09-22'))
      .toBe('AGREEMENT_INCOMPLETE');
  });

  it('a full agreement sends the case to the lead organ', () => {
    const c = next(multi(), 'xfj_officer', 'designate_lead_organ', { leadOrganId: 'county-zjj', mode: 'agreement', agreedOrganIds: concerned }, '2025-09-22');
    expect([c.state, c.holderOrganId, c.routing]).toEqual(['awaiting_acceptance', 'county-zjj', 'lead_designation']);
  });

  it('于都县人民政府, the common superior, decides: the case goes to the lead organ with a fresh acceptance clock', () => {
    const out = act(multi(), 'xian_leader', 'designate_lead_organ', { leadOrganId: 'county-zjj', mode: 'superior_decision' }, '2025-09-22');
    expect([out.case.state, out.case.holderOrganId]).toEqual(['awaiting_acceptance', 'county-zjj']);
    expect(openClock(out.case, 'acceptance')).toMatchObject({ organId: 'county-zjj', due: '2025-10-09' });
    expect(out.documents[0]).toMatchObject({ kind: 'forwarding_slip', organId: 'county', data: { to: 'county-zjj', mode: 'superior_decision' } });
  });

  it('a concerned organ is not its own superior: ORGAN_NOT_ALLOWED; the lead must be concerned: LEAD_NOT_CONCERNED', () => {
    expect(refused(multi(), 'zjj_leader', 'designate_lead_organ', { leadOrganId: 'county-zjj', mode: 'superior_decision' }, '2025-09-22')).toBe('ORGAN_NOT_ALLOWED');
    expect(refused(multi(), 'xian_leader', 'designate_lead_organ', { leadOrganId: 'county-zrj', mode: 'superior_decision' }, '2025-09-22')).toBe('LEAD_NOT_CONCERNED');
  });

  it('a matter concerning one organ needs no designation: SINGLE_ORGAN', () => {
    expect(refused(registerCase('xfj_clerk'), 'xfj_officer', 'designate_lead_organ', { leadOrganId: 'county-rsj', mode: 'agreement', agreedOrganIds: [] }, '2025-09-22')).toBe('SINGLE_ORGAN');
  });
});

describe('撤并: a merged or abolished organ\'s cases pass to its successor (Art 24)', () => {
  it('transfer_to_successor moves the holder and the holder\'s running clocks, keeping their due dates', () => {
    let c = walk(registerCase('xfj_clerk'), [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
      ['rsj_handler', 'accept', {}, '2025-09-25'],
    ]);
    expect(refused(c, 'xfj_officer', 'transfer_to_successor', {}, '2025-10-10')).toBe('NO_SUCCESSOR');

    const world = worldWith(DEMO_WORLD, { successors: { 'county-rsj': 'county-zjj' } });
    c = next(c, 'xfj_officer', 'transfer_to_successor', { note: '机构改革' }, '2025-10-10', { world });
    expect([c.state, c.holderOrganId]).toEqual(['handling', 'county-zjj']);
    expect(openClock(c, 'handling')).toMatchObject({ organId: 'county-zjj', due: '2025-11-24' });
    expect(refused(c, 'rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-10-20', { world })).toBe('ORGAN_NOT_ALLOWED');
    const drafted = next(c, 'zjj_handler', 'draft_opinion', opinionBy('zjj_leader'), '2025-10-20', { world });
    expect(next(drafted, 'zjj_leader', 'sign_opinion', { approvalId: 1 }, '2025-10-20', { world }).state).toBe('opinion_issued');
  });
});

// ——— supervision ———

describe('督办: a petition office over the holder issues a supervision order; the holder answers (Arts 38–40)', () => {
  const handling = () => walk(registerCase('xfj_clerk'), [
    ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
    ['rsj_handler', 'accept', {}, '2025-09-25'],
  ]);

  it('one open order at a time; the answer stops its clock', () => {
    const issued = act(handling(), 'shi_xfj_officer', 'issue_supervision', { reason: '群众反映办理缓慢', dueOn: '2025-10-20' }, '2025-10-10');
    let c = issued.case;
    expect(c.supervisions).toMatchObject([{ no: 1, organId: 'city-xfj', targetOrganId: 'county-rsj', dueOn: '2025-10-20', answeredOn: null }]);
    expect(openClock(c, 'supervision')).toMatchObject({ ruleSource: 'fixed', organId: 'county-rsj', due: '2025-10-20' });
    expect(issued.documents[0]).toMatchObject({ kind: 'supervision_order', organId: 'city-xfj' });
    expect(refused(c, 'xfj_officer', 'issue_supervision', { reason: '再督', dueOn: '2025-10-25' }, '2025-10-11')).toBe('SUPERVISION_OPEN');

    c = next(c, 'rsj_handler', 'answer_supervision', { answer: '已约谈用人单位，正在核算' }, '2025-10-15');
    expect(c.supervisions[0]).toMatchObject({ answeredOn: '2025-10-15', answer: '已约谈用人单位，正在核算' });
    expect(stops(c, 'supervision')).toEqual(['2025-10-15']);
    expect(refused(c, 'rsj_handler', 'answer_supervision', { answer: '再答' }, '2025-10-16')).toBe('ORGAN_NOT_ALLOWED'); // no order addressed to it any more
    expect(next(c, 'xfj_officer', 'issue_supervision', { reason: '仍未办结', dueOn: '2025-11-01' }, '2025-10-20').supervisions).toHaveLength(2);
  });

  it('the feedback date must be after today: DATE_NOT_AFTER_TODAY; a township office does not oversee a county department: ORGAN_NOT_ALLOWED', () => {
    expect(refused(handling(), 'xfj_officer', 'issue_supervision', { reason: '督办', dueOn: '2025-10-10' }, '2025-10-10')).toBe('DATE_NOT_AFTER_TODAY');
    expect(refused(handling(), 'gj_officer', 'issue_supervision', { reason: '督办', dueOn: '2025-10-20' }, '2025-10-10')).toBe('ORGAN_NOT_ALLOWED');
  });
});

// ——— profiles and calendars ———

describe('rules profiles and calendar data are data: changing them moves the due dates (workflow.md §4)', () => {
  it('the provincial example profile (handling 30 days, routing 10) gives earlier due dates than the national one', () => {
    const provincial = worldWith(DEMO_WORLD, { profile: PROVINCIAL_EXAMPLE_PROFILE });
    const steps = [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
      ['rsj_handler', 'accept', {}, '2025-09-25'],
    ] as const;
    // National: routing 9/20 + 15 → 10/09; handling 9/25 + 60 = 11/24 (Mon).
    const national = registerCase('xfj_clerk');
    expect(due(national, 'routing')).toBe('2025-10-09');
    expect(due(walk(national, steps), 'handling')).toBe('2025-11-24');
    // Provincial: routing 9/20 + 10 = 9/30 (Tue); handling 9/25 + 30 = 10/25 (Sat) → 10/27 (Mon).
    const local = registerCase('xfj_clerk', {}, { world: provincial });
    expect(local.profileId).toBe('provincial-example');
    expect(due(local, 'routing')).toBe('2025-09-30');
    expect(due(walk(local, steps, { world: provincial }), 'handling')).toBe('2025-10-27');
  });

  it('recomputeClocks after an official notice that changes a holiday moves the open due date, not the stopped ones', () => {
    const c = next(registerCase('xfj_clerk'), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22');
    expect(due(c, 'acceptance')).toBe('2025-10-09'); // 10/07 is off; 10/08 too
    // A (made-up) corrected notice for 2025: 10/08 becomes a working day.
    const lib2025 = libraryYears().find((y) => y.year === 2025)!;
    const notice = { ...lib2025, source: 'official-notice' as const, holidays: lib2025.holidays.filter((d) => d !== '2025-10-08') };
    const corrected = CALENDAR.withYear(notice);
    expect(corrected.yearSource(2025)).toBe('official-notice');
    const clocks = recomputeClocks(c.clocks, NATIONAL_PROFILE, corrected);
    const after = { ...c, clocks };
    // 9/22 + 15 = 10/07 (still off) → 10/08, now a working day.
    expect(due(after, 'acceptance')).toBe('2025-10-08');
    expect(due(after, 'objection')).toBe('2025-09-28'); // untouched: the change is after it
    expect(after.clocks.find((k) => k.kind === 'routing')).toEqual(c.clocks.find((k) => k.kind === 'routing')); // stopped: kept as it was
  });

  it('an extra rest day added by a notice moves a handling due date that falls on it (11/24 → 11/25)', () => {
    const c = walk(registerCase('xfj_clerk'), [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
      ['rsj_handler', 'accept', {}, '2025-09-25'],
    ]);
    const lib2025 = libraryYears().find((y) => y.year === 2025)!;
    const notice = { ...lib2025, source: 'official-notice' as const, holidays: [...lib2025.holidays, '2025-11-24'] };
    const cal = new HolidayCalendar([...libraryYears(), notice]);
    expect(due({ ...c, clocks: recomputeClocks(c.clocks, NATIONAL_PROFILE, cal) }, 'handling')).toBe('2025-11-25');
  });
});

// ——— the other ways a case ends ———

describe('the other ways a case ends: each closes the case and stops every clock', () => {
  const forwarded = () => next(registerCase('xfj_clerk'), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22');
  it('导入法定途径 divert', () => {
    const out = act(forwarded(), 'rsj_handler', 'divert', { route: 'arbitration', guidance: '请申请劳动仲裁' }, '2025-09-24');
    expect([out.case.state, out.case.closedOn, openKinds(out.case)]).toEqual(['diverted', '2025-09-24', []]);
    expect(out.documents.map((d) => d.kind)).toEqual(['diversion_guidance']);
  });

  it('告知向有权机关提出 redirect_outside (Art 23(3)) by an organ that received it directly', () => {
    const out = act(registerCase('rsj_handler'), 'rsj_handler', 'redirect_outside', { competentAuthority: '于都县人民法院', reason: '民事纠纷' }, '2025-09-21');
    expect([out.case.state, openKinds(out.case)]).toEqual(['redirected', []]);
    expect(refused(registerCase('xfj_clerk'), 'xfj_leader', 'redirect_outside', { competentAuthority: '法院', reason: '民事' }, '2025-09-21')).toBe('PETITION_OFFICE_ROUTES');
  });

  it('重复信访 merge_as_repeat only into a linked earlier petition still open', () => {
    const open = { id: 'earlier', number: '360731-2025-000001', state: 'handling' as const, holderOrganId: 'county-rsj', accepted: true };
    const links = { linkedCases: [open] };
    const c = registerCase('xfj_clerk', { linkedCaseIds: ['earlier'] }, links);
    expect(refused(c, 'xfj_officer', 'merge_as_repeat', { earlierCaseId: 'other' }, '2025-09-21', links)).toBe('EARLIER_CASE_INVALID');
    expect(next(c, 'xfj_officer', 'merge_as_repeat', { earlierCaseId: 'earlier' }, '2025-09-21', links).state).toBe('merged');
    const closedLinks = { linkedCases: [{ ...open, state: 'closed' as const }] };
    expect(refused(c, 'xfj_officer', 'merge_as_repeat', { earlierCaseId: 'earlier' }, '2025-09-21', closedLinks)).toBe('NO_OPEN_EARLIER_CASE');
  });

  it('the petitioner may act only on their own case: CASE_NOT_FOUND', () => {
    const served = walk(registerCase('xfj_clerk'), [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'],
      ['rsj_handler', 'accept', {}, '2025-09-25'],
      ['rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-11-10'],
      ['rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-11-10'],
      ['rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12'],
    ]);
    const someoneElse = contextFor(PETITIONER, '2025-11-13', { caseId: 'another-case' });
    expect(refusalFor(served, 'evaluate', someoneElse)?.code).toBe('CASE_NOT_FOUND');
    expect(refusalFor(served, 'accept', contextFor(PETITIONER, '2025-11-13', { caseId: served.id }))?.code).toBe('STATE_NOT_ALLOWED');
    expect(refusalFor(served, 'close', contextFor(PETITIONER, '2025-11-13', { caseId: served.id }))?.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('registration is for staff, not the petitioner', () => {
    const ctx = contextFor(PETITIONER, '2025-09-20', { caseId: 'x' });
    expect(errorCode(() => registerPetition(petition(), { id: 'x', number: 'n' }, ctx))).toBe('ROLE_NOT_ALLOWED');
    expect(errorCode(() => registerCase('xfj_viewer'))).toBe('ROLE_NOT_ALLOWED');
    expect(errorCode(() => registerCase('xfj_clerk', { receivedOn: '2025-09-21' }, { on: '2025-09-20' }))).toBe('DATE_IN_FUTURE');
  });
});
