/**
 * The three recommendations (三项建议, Art 40) a petition office makes from a case, and to whom each
 * may go: 改进工作 to an organ whose handling of the case was at fault, 完善政策 to the office's own
 * 党委和政府 (本级), 追究责任 to an organ with management authority over the organ at fault. Every
 * recipient lies within the office's own territory (a county 信访局 makes no recommendation to the
 * city), is no petition office and no village, and is never an accused organ or one below it
 * (Art 30: the recommendation would show it the accusation). Pure: the engine and the action form
 * (choices.ts) both read these lists.
 */
import type { CaseRecord, Recommendation } from '../model/case.js';
import type { Organ, OrganTree } from '../model/organ.js';
import { RECOMMENDATION_TYPES, type RecommendationType } from './action-inputs.js';
import { isAccusedOrganOrBelow } from './case-steps.js';
import { actingOrganId, handlingOrganOf } from './relations.js';

/** The case's recommendations; records stored before recommendations existed have none. */
export const recommendationsOf = (c: CaseRecord): Recommendation[] => c.recommendations ?? [];

/** The recommendations still awaiting the written answer of `organId`. */
export const openRecommendationsTo = (c: CaseRecord, organId: string): Recommendation[] =>
  recommendationsOf(c).filter((r) => r.answeredOn === null && r.targetOrganId === organId);

/** The organs whose work on the case a recommendation may concern: the holder, the organ acting now and the one that handled it. */
function organsAtFault(c: CaseRecord, tree: OrganTree): string[] {
  return [...new Set([c.holderOrganId, actingOrganId(c, tree), handlingOrganOf(c)])];
}

/** The organs a recommendation of `type` from the petition office `officeId` may be addressed to. */
export function recommendationTargets(c: CaseRecord, type: RecommendationType, officeId: string, tree: OrganTree): Organ[] {
  const territory = tree.territoryOf(officeId);
  if (!territory) return [];
  const eligible = (o: Organ) => o.kind !== 'petition_office' && o.level !== 'village' && !o.successorId && !isAccusedOrganOrBelow(c, o.id, tree)
    && (o.id === territory.id || tree.supervises(officeId, o.id));
  const atFault = organsAtFault(c, tree);
  switch (type) {
    case 'improve_policy':
      return [territory].filter(eligible);
    case 'improve_work':
      return atFault.map((id) => tree.get(id)).filter((o): o is Organ => o !== undefined).filter(eligible);
    case 'accountability':
      return tree.all().filter((o) => eligible(o) && atFault.some((f) => tree.isSuperiorOf(o.id, f)));
  }
}

/** Every organ some recommendation from the office may go to (the form offers these; the engine checks the type's own list). */
export function anyRecommendationTarget(c: CaseRecord, officeId: string, tree: OrganTree): Organ[] {
  const seen = new Map<string, Organ>();
  for (const t of RECOMMENDATION_TYPES) for (const o of recommendationTargets(c, t, officeId, tree)) seen.set(o.id, o);
  return tree.all().filter((o) => seen.has(o.id));
}

/** Why an organ may not receive a recommendation of this type, in the words the engine refuses with. */
export const TARGET_RULE: Record<RecommendationType, string> = {
  improve_work: '改进工作建议应当向办理本信访事项的有关机关、单位提出',
  improve_policy: '完善政策建议应当向本级党委和政府提出',
  accountability: '追究责任建议应当向对有关机关、单位有管理权限的机关、单位提出',
};
