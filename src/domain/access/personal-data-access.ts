/** Who may see petitioners' personal data unmasked, and an accusation's accuser (Art 30). */
import type { CaseRecord } from '../model/case.js';
import type { OrganTree } from '../model/organ.js';
import type { Role, StaffUser } from '../model/user.js';
import { namedInAccusation, stepAsideReason } from '../lifecycle/case-steps.js';

/**
 * Art 30: in an accusation, the accuser and the material are seen only by discipline inspection
 * and by the organ handling it — never by anyone in an accused organ, nor by an official it names.
 */
export function maySeeAccuser(c: CaseRecord, user: StaffUser, tree: OrganTree): boolean {
  if (c.content.accusedOrganIds.some((a) => tree.isAncestorOrSelf(a, user.organId))) return false;
  if (namedInAccusation(c, user.id)) return false;
  const organ = tree.get(user.organId);
  if (user.roles.includes('discipline_officer') || organ?.kind === 'discipline_inspection') return true;
  return user.organId === c.holderOrganId;
}

/** Roles that work with petitioners directly and may, when needed, see their data in clear. */
export const UNMASK_ROLES: readonly Role[] = ['intake_clerk', 'petition_officer', 'handler', 'leader', 'discipline_officer'];

/**
 * Unmasking (查看完整个人信息) is for the organ that registered or holds the case, by a role that
 * deals with the petitioner and who need not step aside on it (回避, stepAsideReason: declared, named,
 * or the petitioner is themself or a relative — `personKey` keys an ID number as their conflict keys
 * are keyed); an accusation adds the Art 30 rule. Every unmasking is audited, refusals too.
 */
export function mayUnmask(c: CaseRecord, user: StaffUser, tree: OrganTree, personKey: (idNumber: string) => string): boolean {
  if (!UNMASK_ROLES.some((r) => user.roles.includes(r))) return false;
  if (stepAsideReason(c, user, personKey)) return false;
  if (c.content.kind === 'accusation') return maySeeAccuser(c, user, tree);
  return user.organId === c.holderOrganId || user.organId === c.registrarOrganId;
}
