/**
 * The small steps the actions are made of: reading and checking their input, the organs a case may
 * be sent to, moving it, closing it, and the questions several guards ask (is this period still
 * running? is an earlier re-reviewed matter still to be compared?). Pure, like the rest of the domain.
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { DomainError } from '../errors.js';
import type { CaseRecord } from '../model/case.js';
import { TERMINAL_STATES, type CaseState } from '../model/case-states.js';
import type { Organ, OrganKind, OrganTree } from '../model/organ.js';
import type { StaffUser } from '../model/user.js';
import type { ClockKind } from '../rules/profiles.js';
import { isWithin, makeClock, openClock, stopClocks, type NewClock } from './clocks.js';
import type { DomainContext, LinkedCase, Refusal } from './context.js';

export function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

/** A required text field, trimmed. */
export function text(value: string | undefined, field: string, label: string): string {
  const v = value?.trim() ?? '';
  if (!v) fail('INPUT_REQUIRED', `请填写${label}`, { field });
  return v;
}

export function date(value: string | undefined, field: string, label: string): IsoDate {
  if (!value || !isIsoDate(value)) fail('INPUT_INVALID', `${label}不是有效日期（YYYY-MM-DD）`, { field });
  return value;
}

/** A whole number in [min, max], refused plainly otherwise — never rounded or clamped. */
export function wholeNumber(value: unknown, field: string, label: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail('INPUT_INVALID', `${label}应为整数`, { field });
  if (value < min) fail('INPUT_INVALID', `${label}不能小于${min}`, { field, min });
  if (value > max) fail('INPUT_TOO_LARGE', `${label}不能超过${max}`, { field, max });
  return value;
}

export const actorOrganId = (ctx: DomainContext): string | null => (ctx.actor.kind === 'staff' ? ctx.actor.user.organId : null);
export const actorUserId = (ctx: DomainContext): string | null => (ctx.actor.kind === 'staff' ? ctx.actor.user.id : null);
export const holderKind = (c: CaseRecord, ctx: DomainContext): OrganKind | undefined => ctx.organs.get(c.holderOrganId)?.kind;

/** 政法部门 and 纪检监察机关 handle matters under their own procedures (Art 23 ¶4, Art 28 ¶2, Art 30). */
export const OWN_PROCEDURE_KINDS: ReadonlySet<OrganKind> = new Set(['political_legal', 'discipline_inspection']);

/** The person who must approve (负责人): a leader of the acting organ who need not step aside on this case. */
export function approverOf(c: CaseRecord, approverId: string | undefined, ctx: DomainContext, what: string): string {
  const id = text(approverId, 'approverId', '审批领导');
  const u = ctx.user(id);
  if (!u || !isLeaderOf(u, actorOrganId(ctx))) {
    fail('APPROVER_INVALID', `${what}须报本机关负责人审批`, { approverId: id });
  }
  if (mustStepAside(c, u.id)) {
    fail('APPROVER_RECUSED', `${u.name}应当回避，不能审批本件`, { approverId: id });
  }
  return id;
}

/** A head (负责人) of the organ: who may approve its extensions and sign its opinions. */
export const isLeaderOf = (u: Pick<StaffUser, 'roles' | 'organId'>, organId: string | null): boolean => u.roles.includes('leader') && u.organId === organId;

/** The user stepped aside on this case, or is involved in it (Art 28): they may neither handle nor approve it. */
export const mustStepAside = (c: CaseRecord, userId: string): boolean => c.recusedUserIds.includes(userId) || c.content.involvedUserIds.includes(userId);

/** Art 30: an accusation never goes to the accused organ or anyone in it. */
export function notToAccused(c: CaseRecord, organId: string, ctx: DomainContext): void {
  if (isAccusedOrganOrBelow(c, organId, ctx.organs)) {
    fail('ROUTE_TO_ACCUSED', '检举控告事项不得转交被检举控告的机关或其下属', { targetOrganId: organId });
  }
}

/** The organ is accused in this case, or under an accused organ (Art 30). */
export const isAccusedOrganOrBelow = (c: CaseRecord, organId: string, organs: OrganTree): boolean =>
  c.content.accusedOrganIds.some((accused) => organs.isAncestorOrSelf(accused, organId));

/**
 * Whether an organ may receive a case of this kind: not the holder, not abolished, not a village
 * (a self-governing body, not an organ with authority), not an accused organ (Art 30).
 */
export function destinationProblem(c: CaseRecord, target: Organ, kinds: readonly OrganKind[]): Refusal | null {
  if (!kinds.includes(target.kind)) return { code: 'DESTINATION_KIND_INVALID', message: `${target.name}不是可接收此类事项的机关` };
  if (target.id === c.holderOrganId) return { code: 'DESTINATION_IS_SELF', message: '不能转给本机关' };
  if (target.successorId) return { code: 'ORGAN_ABOLISHED', message: `${target.name}已撤并，请转其承继机关` };
  if (target.level === 'village') return { code: 'DESTINATION_KIND_INVALID', message: `${target.name}是基层群众性自治组织，不是有权处理机关` };
  return null;
}

/** The kinds of organ each routing action may send a case to (the forms offer these; destination() checks them). */
export const DESTINATION_KINDS = {
  forward: ['handling_organ'],
  assign: ['handling_organ'],
  forward_to_subordinate: ['handling_organ'],
  forward_political_legal: ['political_legal'],
  forward_discipline: ['discipline_inspection'],
  designate_lead_organ: ['handling_organ', 'political_legal', 'discipline_inspection'],
} as const satisfies Record<string, readonly OrganKind[]>;

/** A routing destination from the input: it must exist, be of the right kind, and never be an accused organ. */
export function destination(c: CaseRecord, id: string | undefined, ctx: DomainContext, kinds: readonly OrganKind[], label: string): Organ {
  const targetId = text(id, 'targetOrganId', label);
  const target = ctx.organs.get(targetId);
  if (!target) fail('ORGAN_NOT_FOUND', `${label}不存在`, { targetOrganId: targetId });
  const problem = destinationProblem(c, target, kinds);
  if (problem) fail(problem.code, problem.message, { targetOrganId: targetId });
  notToAccused(c, targetId, ctx);
  return target;
}

export function addClock(c: CaseRecord, spec: NewClock, ctx: DomainContext): CaseRecord {
  return { ...c, clocks: [...c.clocks, makeClock(spec, ctx.profile, ctx.calendar)] };
}

/** Move the case to a new organ for acceptance: it must decide within 15 days and may object within 5 working days. */
export function sendTo(c: CaseRecord, targetId: string, ctx: DomainContext, routing: CaseRecord['routing']): CaseRecord {
  const stopped = stopClocks(c.clocks, ctx.today, ['routing', 'acceptance', 'objection'])
    .map((k) => (k.kind === 'report_back' && k.stoppedOn === null ? { ...k, organId: targetId } : k));
  const next: CaseRecord = {
    ...c,
    state: 'awaiting_acceptance',
    // An assigned case keeps answering to the assigning office, wherever it goes next.
    senderOrganId: c.assignment?.assignerOrganId ?? c.holderOrganId,
    holderOrganId: targetId,
    routing,
    receivedAtHolderOn: ctx.today,
    objection: null,
    clocks: stopped,
  };
  return addClock(addClock(next, { kind: 'acceptance', organId: targetId, start: ctx.today, simplified: c.simplified }, ctx),
    { kind: 'objection', organId: targetId, start: ctx.today }, ctx);
}

/** The case ends in `state` today: every clock stops. */
export function closeAs(c: CaseRecord, state: CaseState, ctx: DomainContext): CaseRecord {
  return { ...c, state, closedOn: ctx.today, clocks: stopClocks(c.clocks, ctx.today) };
}

/**
 * A refused case taken up again (Arts 40, 43, 44): the holder decides anew within its period from
 * today — a petition office routes it again (registered), any other organ decides on acceptance.
 */
export function reopenForDecision(c: CaseRecord, ctx: DomainContext): CaseRecord {
  const office = holderKind(c, ctx) === 'petition_office';
  const next: CaseRecord = { ...c, state: office ? 'registered' : 'awaiting_acceptance', closedOn: null, receivedAtHolderOn: ctx.today };
  return addClock(next, { kind: office ? 'routing' : 'acceptance', organId: c.holderOrganId, start: ctx.today, simplified: c.simplified }, ctx);
}

/** Whether a clock's period still runs on `on` (a provisional due date counts like any other). */
export function within(c: CaseRecord, kind: ClockKind, on: IsoDate): boolean {
  const k = openClock(c, kind);
  return Boolean(k && on >= k.start && isWithin(k, on));
}

// ——— earlier petitions on the same matter ———

/** The re-review opinion was served: the matter is final (Art 36 ¶3). */
export const isFinalMatter = (l: LinkedCase): boolean => l.state === 'rereview_served';

/** Linked final matters the officer has not yet compared with this petition. */
export function undecidedFinalMatters(c: CaseRecord, ctx: Pick<DomainContext, 'linkedCases'>): LinkedCase[] {
  const found = new Set(c.newMatterFindings.map((f) => f.earlierCaseId));
  return ctx.linkedCases.filter((l) => isFinalMatter(l) && !found.has(l.id));
}

/**
 * Art 36 ¶3: while a linked matter whose re-review opinion was served has not been compared with this
 * petition, nobody routes or accepts it — the officer first finds "same facts and reasons" (不再受理)
 * or "new facts or reasons" (a new matter).
 */
export function sameMatterUndecided(c: CaseRecord, ctx: DomainContext): Refusal | null {
  const open = undecidedFinalMatters(c, ctx);
  if (open.length === 0) return null;
  return {
    code: 'SAME_MATTER_UNDECIDED',
    message: `本件关联的${open.map((l) => l.number).join('、')}复核意见已送达（最终意见）：请先比对事实和理由，认定“不再受理”或“有新的事实或理由”（第36条第3款）`,
  };
}

/** Linked earlier petitions accepted (or being handled) by an organ below the holder: Art 19 ¶3's ground. */
export function handledBelow(c: CaseRecord, ctx: Pick<DomainContext, 'organs' | 'linkedCases'>): LinkedCase[] {
  const holder = ctx.organs.get(c.holderOrganId);
  // A petition office speaks for its government: the county 信访局 is above the county's departments.
  const above = holder?.kind === 'petition_office' ? ctx.organs.territoryOf(holder.id)?.id ?? c.holderOrganId : c.holderOrganId;
  return ctx.linkedCases.filter((l) => l.accepted && !TERMINAL_STATES.has(l.state) && ctx.organs.isSuperiorOf(above, l.holderOrganId));
}
