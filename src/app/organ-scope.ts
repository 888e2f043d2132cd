/**
 * What a request over an organ's subtree and a period asks to be checked — the statistics and the
 * dossiers' batch export (卷宗批量导出) alike: the organ must lie in the user's organ data scope, and
 * the period must be a real one of at most ten years. One rule, one wording, for both.
 */
import { daysBetween, type IsoDate } from '../domain/calendar/dates.js';
import { scopeOrganIds, seesNoCases } from '../domain/access/case-visibility.js';
import { DomainError } from '../domain/errors.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import type { Period } from '../domain/stats/indicators.js';

/** The longest period one request may cover (ten years and leap days). */
const MAX_PERIOD_DAYS = 3660;

/** An organ, its subtree within the user's scope, and its direct subordinates' (each within the scope). */
export interface OrganScope { organId: string; organName: string; organIds: string[]; children: { id: string; name: string; ids: string[] }[] }

/**
 * The organ asked for (default: the top of the user's scope), refused unless the user has an organ
 * data scope that contains it. `what` names the thing refused (统计数字, 卷宗批量导出) in the message.
 */
export function organScopeOf(user: StaffUser, tree: OrganTree, organId: string | undefined, what: string): OrganScope {
  if (seesNoCases(user) || user.dataScope === 'assigned') {
    throw new DomainError('FORBIDDEN', `${what}只向具有机关数据权限的工作人员提供`);
  }
  const allowed = scopeOrganIds(user, tree);
  const id = organId ?? allowed[0] ?? user.organId;
  const organ = tree.get(id);
  if (!organ) throw new DomainError('ORGAN_NOT_FOUND', `机关${id}不存在`);
  const inScope = new Set(allowed);
  if (!inScope.has(id)) throw new DomainError('ORGAN_NOT_ALLOWED', `${organ.name}不在本人的数据权限内`);
  const within = (root: string) => tree.subtreeIds(root).filter((x) => inScope.has(x));
  return {
    organId: id, organName: organ.name, organIds: within(id),
    children: tree.children(id).filter((c) => inScope.has(c.id)).map((c) => ({ id: c.id, name: c.name, ids: within(c.id) })),
  };
}

/** The period from..to (both days included), refused (PERIOD_INVALID) when reversed or longer than ten years; `what` names it (统计期间, 导出期间). */
export function checkedPeriod(q: { from: IsoDate; to: IsoDate }, what: string): Period {
  if (q.from > q.to) throw new DomainError('PERIOD_INVALID', `${what}的开始日期不能晚于结束日期`, { from: q.from, to: q.to });
  if (daysBetween(q.from, q.to) >= MAX_PERIOD_DAYS) throw new DomainError('PERIOD_INVALID', `${what}不能超过十年`, { from: q.from, to: q.to });
  return { from: q.from, to: q.to };
}
