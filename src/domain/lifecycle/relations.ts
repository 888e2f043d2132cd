import type { CaseRecord } from '../model/case.js';
import { OWN_PROCEDURE_KINDS, type OrganTree } from '../model/organ.js';

/** How an organ stands to a case: the rules say which relation may take which action. */
export type OrganRelation =
  | 'holder' // the organ holding the case now
  | 'registrar' // where it was registered
  | 'sender' // the organ that sent it to the holder
  | 'assigner' // the petition office that assigned it (交办)
  | 'review_organ' // the organ one level up from the one that issued the opinion (复查)
  | 'rereview_organ' // the level above the review organ (复核)
  | 'supervising_office' // a petition office over the organ that must act now (督办, Art 40)
  | 'supervised' // the organ an unanswered supervision order is addressed to
  | 'recommended' // the organ an unanswered recommendation (三项建议, Art 40) is addressed to
  | 'superior' // an organ above the holder: its government or a superior organ of its system (责令改正, Art 44)
  | 'common_superior'; // the common superior of the organs concerned (Art 24)

export const RELATION_LABELS: Record<OrganRelation, string> = {
  holder: '案件所在机关',
  registrar: '登记机关',
  sender: '来文机关',
  assigner: '交办机关',
  review_organ: '复查机关',
  rereview_organ: '复核机关',
  supervising_office: '督办信访部门',
  supervised: '被督办机关',
  recommended: '建议对象机关',
  superior: '上级机关',
  common_superior: '共同上级机关',
};

/** The organ that issued the latest handling opinion, or the holder. */
export function handlingOrganOf(c: CaseRecord): string {
  const op = [...c.opinions].reverse().find((o) => o.stage === 'handling');
  return op?.organId ?? c.holderOrganId;
}

/**
 * The organ that decides a review (复查, Art 35): one level up from the organ that handled the matter.
 * None for a matter handled under a procedure of its own (政法部门, 纪检监察机关): their decisions
 * have no 信访 review (Art 28 ¶2, Art 31(1)).
 */
export function reviewOrganIdOf(c: CaseRecord, tree: OrganTree): string | undefined {
  if (c.review) return c.review.organId;
  const handler = handlingOrganOf(c);
  const kind = tree.get(handler)?.kind;
  if (kind !== undefined && OWN_PROCEDURE_KINDS.has(kind)) return undefined;
  return tree.reviewOrganOf(handler)?.id;
}

export function rereviewOrganIdOf(c: CaseRecord, tree: OrganTree): string | undefined {
  if (c.rereview) return c.rereview.organId;
  const reviewer = reviewOrganIdOf(c, tree);
  return reviewer ? tree.reviewOrganOf(reviewer)?.id : undefined;
}

export function relationsOf(c: CaseRecord, organId: string, tree: OrganTree): Set<OrganRelation> {
  const out = new Set<OrganRelation>();
  if (organId === c.holderOrganId) out.add('holder');
  if (organId === c.registrarOrganId) out.add('registrar');
  if (organId === c.senderOrganId) out.add('sender');
  if (organId === c.assignment?.assignerOrganId) out.add('assigner');
  if (organId === reviewOrganIdOf(c, tree)) out.add('review_organ');
  if (organId === rereviewOrganIdOf(c, tree)) out.add('rereview_organ');
  if (tree.supervises(organId, actingOrganId(c, tree))) out.add('supervising_office');
  if (c.supervisions.some((s) => s.answeredOn === null && s.targetOrganId === organId)) out.add('supervised');
  if ((c.recommendations ?? []).some((r) => r.answeredOn === null && r.targetOrganId === organId)) out.add('recommended');
  if (tree.isSuperiorOf(organId, c.holderOrganId)) out.add('superior');
  const concerned = c.content.organsConcerned;
  if (concerned.length > 1 && tree.isCommonSuperior(organId, concerned) && !concerned.includes(organId)) {
    out.add('common_superior');
  }
  return out;
}

/** The organ expected to move the case next: the queue it sits in. */
export function actingOrganId(c: CaseRecord, tree: OrganTree): string {
  switch (c.state) {
    case 'objection_pending':
      return c.senderOrganId ?? c.holderOrganId;
    case 'served':
      return c.assignment?.report === 'submitted' ? c.assignment.assignerOrganId : c.holderOrganId;
    case 'review_requested':
    case 'under_review':
    case 'review_opinion_issued':
    case 'review_served':
      return reviewOrganIdOf(c, tree) ?? c.holderOrganId;
    case 'rereview_requested':
    case 'under_rereview':
    case 'rereview_opinion_issued':
    case 'rereview_served':
      return rereviewOrganIdOf(c, tree) ?? c.holderOrganId;
    default:
      return c.holderOrganId;
  }
}
