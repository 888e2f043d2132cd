/**
 * The wording cases the document templates must reproduce: one document of every kind as the engine
 * issues it, and variants of its frozen data that take each conditional phrase the other way
 * (forwarded or not, simplified, no due date, provisional dates, no remedy organ, notes…), each
 * composed for the workbench and for the portal. test/fixtures/document-wording.json holds the
 * wording the composer gave for each case before templates existed.
 */
import type { DocumentCase, DocumentNames, IssuedDocument } from '../../src/domain/documents/document-content.js';
import type { DocumentKind } from '../../src/domain/model/documents.js';
import { DEMO_NAMES, issuedSamples } from './issued-documents.js';

export interface WordingCase { name: string; doc: IssuedDocument; case: DocumentCase; names: DocumentNames }

type Patch = Record<string, unknown>;
const VARIANTS: Partial<Record<DocumentKind, Patch[]>> = {
  acceptance_notice: [
    { senderOrganId: null }, { senderOrganId: '' }, { simplified: true }, { simplified: true, handlingDue: null }, { handlingDue: null },
    { handlingDueProvisional: true },
  ],
  non_acceptance_notice: [{ earlierCaseNumber: null, earlierOrganName: null }],
  non_reacceptance_notice: [{ text: '', terminatedCaseNumber: '360731-2024-000800' }],
  referral_notice: [{ remedy: '' }],
  diversion_guidance: [{ routeLabel: '' }, { routeLabel: '', route: 'nonexistent' }],
  forwarding_slip: [{ note: '' }, { due: null }, { dueProvisional: true }],
  assignment_slip: [{ note: '' }],
  extension_notice: [{ approverId: 'nobody' }, { newDue: null }, { newDueProvisional: true }],
  opinion: [{ reviewOrganId: null }, { facts: '' }, { outcomes: [{ requestNo: 9, outcome: 'odd', reasoning: '另议' }] }],
  mediation_agreement: [{ reviewOrganId: null }],
  settlement_agreement: [{ reviewOrganId: null }],
  review_opinion: [{ rereviewOrganId: null }, { decision: 'revoke' }, { decision: '' }],
  rereview_opinion: [{ finality: '复核意见为最终意见。' }],
  review_acceptance_notice: [{ receivedOn: null }, { decisionDue: null }, { decisionDueProvisional: true }],
  rereview_acceptance_notice: [{ receivedOn: null, decisionDue: null }],
  hearing_notice: [{ note: '' }],
  hearing_record: [{ heldOn: undefined, endedOn: '2026-01-05' }],
  service_receipt: [{ method: 'post' }, { stage: 'review' }],
};

/** Every case: the sample, each variant, and the legacy 终结告知书 (no action issues it any more). */
export function wordingCases(): WordingCase[] {
  const out: WordingCase[] = [];
  const portal: DocumentNames = { organ: DEMO_NAMES.organ, user: () => '', petitioner: '张**' };
  const add = (name: string, doc: IssuedDocument, c: DocumentCase) => {
    out.push({ name, doc, case: c, names: DEMO_NAMES }, { name: `${name} (portal)`, doc, case: c, names: portal });
  };
  // The fixtures number their cases from a counter that runs on with each call: the numbers are pinned.
  const samples = issuedSamples();
  let n = 0;
  for (const s of samples.values()) s.case = { ...s.case, number: `360731-2025-${String(++n).padStart(6, '0')}` };
  for (const [kind, s] of samples) {
    add(kind, s.doc, s.case);
    (VARIANTS[kind] ?? []).forEach((patch, i) => { add(`${kind} #${i + 1}`, { ...s.doc, data: { ...s.doc.data, ...patch } }, s.case); });
  }
  const opinion = samples.get('opinion');
  if (opinion) {
    add('termination_notice', { ...opinion.doc, kind: 'termination_notice', data: {} }, opinion.case);
    // One request only: the requests are listed without numbers.
    const one = { ...opinion.case, content: { ...opinion.case.content, requests: opinion.case.content.requests.slice(0, 1) } };
    add('opinion, one request', opinion.doc, one);
    const many = { ...opinion.case, content: { ...opinion.case.content, anonymous: false, headcount: 7, petitioners: ['甲', '乙', '丙', '丁'].map((name) => ({ name })) } };
    add('forwarding_slip, four petitioners', { ...opinion.doc, kind: 'forwarding_slip', data: samples.get('forwarding_slip')?.doc.data ?? {} }, many);
  }
  return out;
}
