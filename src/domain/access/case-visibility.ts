/**
 * Data scope (数据权限): which cases a staff member may see. One rule, used for single reads and, as
 * SQL over the same columns, for every list, export and count:
 *  - system, security and audit administrators see no case content (三员分立);
 *  - nobody in an accused organ sees the accusation, nor any official the accusation names
 *    (involvedUserIds): Art 30 protects the accuser from the accused person as from the accused organ;
 *  - scope 'organ': cases held by, waiting on, or registered at the user's organ;
 *  - scope 'organ_and_subordinates': the same over the organ's subtree (a petition office's subtree
 *    is its whole territory: the county 信访局 oversees the county's departments and townships);
 *  - scope 'assigned': cases a leader assigned to the user (分办).
 */
import type { CaseRecord } from '../model/case.js';
import type { OrganTree } from '../model/organ.js';
import { ADMIN_ROLES, type StaffUser } from '../model/user.js';
import { actingOrganId } from '../lifecycle/relations.js';
import { namedInAccusation } from '../lifecycle/case-steps.js';

export function seesNoCases(user: StaffUser): boolean {
  return user.roles.every((r) => ADMIN_ROLES.includes(r));
}

/** The organs whose cases the user's scope covers (empty for 'assigned'). */
export function scopeOrganIds(user: StaffUser, tree: OrganTree): string[] {
  if (user.dataScope === 'assigned') return [];
  if (user.dataScope === 'organ') return [user.organId];
  const organ = tree.get(user.organId);
  const root = organ?.kind === 'petition_office' ? (tree.territoryOf(user.organId)?.id ?? user.organId) : user.organId;
  return tree.subtreeIds(root);
}

/** The user's organ and its ancestors: an accusation against any of them is hidden from the user. */
export function accusedBlockIds(user: StaffUser, tree: OrganTree): string[] {
  return tree.ancestorsOrSelf(user.organId).map((o) => o.id);
}

export function canSeeCase(c: CaseRecord, user: StaffUser, tree: OrganTree): boolean {
  if (seesNoCases(user)) return false;
  const blocked = new Set(accusedBlockIds(user, tree));
  if (c.content.accusedOrganIds.some((a) => blocked.has(a))) return false;
  if (namedInAccusation(c, user.id)) return false;
  if (user.dataScope === 'assigned') return c.assigneeId === user.id;
  const scope = new Set(scopeOrganIds(user, tree));
  return scope.has(c.holderOrganId) || scope.has(actingOrganId(c, tree)) || scope.has(c.registrarOrganId);
}
