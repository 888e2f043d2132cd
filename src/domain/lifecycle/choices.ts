/**
 * What an action form may offer: the organs a case may go to, the leaders who may approve, the staff
 * a case may be assigned to, the earlier petitions an action may name. Each list is the rules' own
 * predicates (case-steps.ts, OrganTree) applied to the candidates, so the workbench offers what the
 * engine would accept and copies no rule; the engine checks the submitted choice again. Pure.
 */
import type { ApprovalRequest, CaseRecord } from '../model/case.js';
import type { Organ, OrganTree } from '../model/organ.js';
import { ASSIGNABLE_ROLES, type Role } from '../model/user.js';
import type { ActionName } from './action-rules.js';
import { DESTINATION_KINDS, destinationProblem, handledBelow, isAccusedOrganOrBelow, isLeaderOf, openLinkedCases, stepAsideReason, undecidedFinalMatters } from './case-steps.js';
import type { DomainContext, LinkedCase } from './context.js';
import { anyRecommendationTarget } from './recommendations.js';

/**
 * A member of staff as the directory lists them. `conflictKeys` (StaffUser's keyed ID-number indexes)
 * only where the caller holds them: the API never sends them to the browser.
 */
export interface StaffChoice { id: string; name: string; organId: string; roles: readonly string[]; active: boolean; conflictKeys?: readonly string[] }

const hasRole = (u: StaffChoice, roles: readonly Role[]) => u.roles.some((r) => (roles as readonly string[]).includes(r));

/** The organs an action's organ field may name (empty when the action names none); `actorOrganId` for the choices that depend on who acts. */
export function organChoices(action: ActionName, field: string, c: CaseRecord, tree: OrganTree, actorOrganId?: string): Organ[] {
  const receivable = (kinds: readonly Organ['kind'][]) => (o: Organ) => destinationProblem(c, o, kinds, tree) === null;
  if (field === 'leadOrganId' && action === 'designate_lead_organ') {
    // The holder may be named itself (the organs agree it keeps the case); any other must be able to receive it.
    return c.content.organsConcerned.map((id) => tree.get(id)).filter((o): o is Organ => o !== undefined)
      .filter((o) => o.id === c.holderOrganId ? !isAccusedOrganOrBelow(c, o.id, tree) : receivable(DESTINATION_KINDS.designate_lead_organ)(o));
  }
  if (field !== 'targetOrganId') return [];
  switch (action) {
    case 'forward':
    case 'assign':
    case 'forward_political_legal':
    case 'forward_discipline':
      return tree.all().filter(receivable(DESTINATION_KINDS[action]));
    case 'forward_to_subordinate':
      return tree.subordinatesInSystem(c.holderOrganId).filter(receivable(DESTINATION_KINDS.forward_to_subordinate));
    case 'issue_recommendation':
      return actorOrganId ? anyRecommendationTarget(c, actorOrganId, tree) : [];
    default:
      return [];
  }
}

/**
 * The leaders who may approve a request made by a member of `organId` on this case: its heads who need
 * not step aside (stepAsideReason, with the context's personKey when given).
 */
export function approverChoices<U extends StaffChoice>(c: CaseRecord, users: readonly U[], organId: string, ctx: Pick<DomainContext, 'personKey'> = {}): U[] {
  return users.filter((u) => u.active && isLeaderOf({ roles: u.roles as Role[], organId: u.organId }, organId) && !stepAsideReason(c, u, ctx.personKey));
}

/** The staff a leader may assign the case to (分办): the holder's handlers and the like who need not step aside. */
export function assigneeChoices<U extends StaffChoice>(c: CaseRecord, users: readonly U[], ctx: Pick<DomainContext, 'personKey'> = {}): U[] {
  return users.filter((u) => u.active && u.organId === c.holderOrganId && hasRole(u, ASSIGNABLE_ROLES) && !stepAsideReason(c, u, ctx.personKey));
}

/**
 * The linked earlier petitions an action may name: for 不再受理 and 认定新的事实或理由, the re-reviewed
 * matters not yet compared with this one (Art 36 ¶3); for 不予受理, those accepted by an organ below
 * (Art 19 ¶3); for 并案, those still open.
 */
export function earlierCaseChoices(action: ActionName, c: CaseRecord, linked: readonly LinkedCase[], tree: OrganTree): LinkedCase[] {
  const ctx = { linkedCases: [...linked], organs: tree };
  switch (action) {
    case 'decline_final_matter':
    case 'confirm_new_matter':
      return undecidedFinalMatters(c, ctx);
    case 'decline':
      return handledBelow(c, ctx);
    case 'merge_as_repeat':
      return openLinkedCases(ctx);
    default:
      return [...linked];
  }
}

/** The action that approves (批准 / 签发) each kind of request; refuse_approval refuses any of them. */
export const DECIDING_ACTION = {
  extension: 'approve_extension',
  handling: 'sign_opinion',
  review: 'sign_review_opinion',
  rereview: 'sign_rereview_opinion',
} as const satisfies Record<ApprovalRequest['kind'], ActionName>;

/** Actions that decide a pending request: taken from the request itself, never from a generic form. */
export const APPROVAL_DECISIONS: ReadonlySet<ActionName> = new Set<ActionName>([...Object.values(DECIDING_ACTION), 'refuse_approval']);

/**
 * The deadline (clock) each kind of request concerns: an extension and the handling opinion, the
 * handling period; a review or re-review opinion, its decision period.
 */
export const APPROVAL_PERIOD = {
  extension: 'handling',
  handling: 'handling',
  review: 'review_decision',
  rereview: 'rereview_decision',
} as const satisfies Record<ApprovalRequest['kind'], CaseRecord['clocks'][number]['kind']>;
