import type { CaseRecord } from '../model/case.js';
import type { OrganTree } from '../model/organ.js';
import { ADMIN_ROLES, type StaffUser } from '../model/user.js';
import { relationsOf } from '../lifecycle/relations.js';

/**
 * Who may see a case: staff of an organ that stands in a relation to it (holder, sender, reviewer,
 * supervising office …), or of an organ above the holder in the tree. System administrators see
 * no case content. (The access-control issue refines this into per-role data scopes.)
 */
export function canSeeCase(c: CaseRecord, user: StaffUser, tree: OrganTree): boolean {
  if (user.roles.every((r) => ADMIN_ROLES.includes(r))) return false;
  if (tree.isAncestorOrSelf(user.organId, c.holderOrganId)) return true;
  return relationsOf(c, user.organId, tree).size > 0;
}
