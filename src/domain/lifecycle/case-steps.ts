/**
 * The small steps the actions are made of: reading and checking their input, the organs a case may
 * be sent to, moving it, closing it, and the questions several guards ask (is this period still
 * running? is an earlier re-reviewed matter still to be compared?). Pure, like the rest of the domain.
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { DomainError } from '../errors.js';
import type { CaseRecord } from '../model/case.js';
import { TERMINAL_STATES, type CaseState } from '../model/case-states.js';
import { OWN_PROCEDURE_KINDS, type Organ, type OrganKind, type OrganTree } from '../model/organ.js';
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

/** An optional text field, trimmed; null when left empty. */
export function optionalText(value: string | undefined): string | null {
  const v = value?.trim() ?? '';
  return v === '' ? null : v;
}

export const actorOrganId = (ctx: DomainContext): string | null => (ctx.actor.kind === 'staff' ? ctx.actor.user.organId : null);
export const actorUserId = (ctx: DomainContext): string | null => (ctx.actor.kind === 'staff' ? ctx.actor.user.id : null);
export const holderKind = (c: CaseRecord, ctx: DomainContext): OrganKind | undefined => ctx.organs.get(c.holderOrganId)?.kind;

/** The staff member acting, for the steps the rules table gives to staff only (never to the petitioner). */
export function staffActor(ctx: DomainContext): StaffUser {
  if (ctx.actor.kind !== 'staff') throw new Error('a staff-only step was reached by a petitioner');
  return ctx.actor.user;
}

/** The case is held by an organ that follows its own procedure (OWN_PROCEDURE_KINDS). */
export function heldUnderOwnProcedure(c: CaseRecord, ctx: DomainContext): boolean {
  const kind = holderKind(c, ctx);
  return kind !== undefined && OWN_PROCEDURE_KINDS.has(kind);
}

/** The person who must approve (负责人): a leader of the acting organ who need not step aside on this case. */
export function approverOf(c: CaseRecord, approverId: string | undefined, ctx: DomainContext, what: string): string {
  const id = text(approverId, 'approverId', '审批领导');
  const u = ctx.user(id);
  if (!u || !isLeaderOf(u, actorOrganId(ctx))) {
    fail('APPROVER_INVALID', `${what}须报本机关负责人审批`, { approverId: id });
  }
  if (stepAsideReason(c, u, ctx.personKey)) {
    fail('APPROVER_RECUSED', `${u.name}应当回避，不能审批本件`, { approverId: id });
  }
  return id;
}

/** A head (负责人) of the organ: who may approve its extensions and sign its opinions. */
export const isLeaderOf = (u: Pick<StaffUser, 'roles' | 'organId'>, organId: string | null): boolean => u.roles.includes('leader') && u.organId === organId;

/** The key of an ID number when the context gives none: the number itself, trimmed, check character upper-cased. */
export const plainPersonKey = (idNumber: string): string => idNumber.trim().toUpperCase();

/**
 * Recusal (回避, Art 28) — the one rule, for acting, approving and being assigned alike: the user stepped
 * aside on this case, is named in the matter, or their keys (own and relatives' ID numbers, see
 * StaffUser.conflictKeys) match a petitioner's. Null when they need not step aside; otherwise why, told
 * to the user themself. `conflictKeys` may be unknown (a directory entry without them): then only the
 * first two are checked, and the engine checks the third when the user is named.
 */
export function stepAsideReason(
  c: CaseRecord, u: { id: string; conflictKeys?: readonly string[] }, personKey: (idNumber: string) => string = plainPersonKey,
): Refusal | null {
  if (c.recusedUserIds.includes(u.id)) return { code: 'RECUSED', message: '您已自行回避本件，不能办理' };
  if (c.content.involvedUserIds.includes(u.id)) return { code: 'RECUSED', message: '您是本件涉及的人员，应当回避' };
  const keys = u.conflictKeys ?? [];
  if (keys.length > 0 && c.content.petitioners.some((p) => p.idNumber && keys.includes(personKey(p.idNumber)))) {
    return { code: 'RECUSED', message: '您本人或近亲属是本件信访人，应当回避' };
  }
  return null;
}

/**
 * The user is an official the accusation names (检举控告所涉及的工作人员, involvedUserIds): to them it is
 * as if they were in the accused organ (Art 30) — not seen, not routed to, not handled, not unmasked,
 * and not even the 自行回避 the engine leaves open to others who must step aside.
 */
export function namedInAccusation(c: Pick<CaseRecord, 'content'>, userId: string): boolean {
  return c.content.kind === 'accusation' && c.content.involvedUserIds.includes(userId);
}

const TO_ACCUSED: Refusal = { code: 'ROUTE_TO_ACCUSED', message: '检举控告事项不得转交被检举控告的机关或其下属' };

/** Art 30: an accusation never goes to the accused organ or anyone in it (for the organs destinationProblem does not judge: the holder, a successor). */
export function notToAccused(c: CaseRecord, organId: string, ctx: DomainContext): void {
  if (isAccusedOrganOrBelow(c, organId, ctx.organs)) fail(TO_ACCUSED.code, TO_ACCUSED.message, { targetOrganId: organId });
}

/** The organ is accused in this case, or under an accused organ (Art 30). */
export const isAccusedOrganOrBelow = (c: CaseRecord, organId: string, organs: OrganTree): boolean =>
  c.content.accusedOrganIds.some((accused) => organs.isAncestorOrSelf(accused, organId));

/**
 * Whether an organ may receive a case of this kind: not the holder, not abolished, not a village
 * (a self-governing body, not an organ with authority), not an accused organ or one below it (Art 30).
 */
export function destinationProblem(c: CaseRecord, target: Organ, kinds: readonly OrganKind[], organs: OrganTree): Refusal | null {
  if (!kinds.includes(target.kind)) return { code: 'DESTINATION_KIND_INVALID', message: `${target.name}不是可接收此类事项的机关` };
  if (target.id === c.holderOrganId) return { code: 'DESTINATION_IS_SELF', message: '不能转给本机关' };
  if (target.successorId) return { code: 'ORGAN_ABOLISHED', message: `${target.name}已撤并，请转其承继机关` };
  if (target.level === 'village') return { code: 'DESTINATION_KIND_INVALID', message: `${target.name}是基层群众性自治组织，不是有权处理机关` };
  if (isAccusedOrganOrBelow(c, target.id, organs)) return { ...TO_ACCUSED };
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
  const problem = destinationProblem(c, target, kinds, ctx.organs);
  if (problem) fail(problem.code, problem.message, { targetOrganId: targetId });
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
  // A recommendation's written feedback (Art 40 ¶4) is owed whatever becomes of the case: its clock runs on.
  return { ...c, state, closedOn: ctx.today, clocks: c.clocks.map((k) => (k.stoppedOn === null && k.kind !== 'recommendation' ? { ...k, stoppedOn: ctx.today } : k)) };
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

/** Linked earlier petitions still open (not in a terminal state): the ones a repeat petition may be merged into. */
export const openLinkedCases = (ctx: Pick<DomainContext, 'linkedCases'>): LinkedCase[] => ctx.linkedCases.filter((l) => !TERMINAL_STATES.has(l.state));

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
