/**
 * The documents (文书) the engine issues, once: each kind with its title, the abbreviation in its
 * document number (文号, e.g. 于都县信访局信转〔2025〕12号), and — for those the petitioner receives —
 * the fields of its frozen data that are theirs to see on the portal. Inter-organ slips, reports and
 * supervision orders are never shown to the petitioner (no `publicFields`).
 */

interface DocumentInfo {
  title: string;
  /** The abbreviation in the document number. */
  abbrev: string;
  /** The petitioner receives it: these fields of its data are theirs to see. */
  publicFields?: readonly string[];
  /** Issued by an earlier version of the rules only: still shown in old cases' timelines. */
  legacy?: true;
  /** The title varies with the document's content: the one frozen in its data at issue (`data.title`) is its title. */
  titleFromData?: true;
}

const OPINION_FIELDS = ['form', 'outcomes', 'facts', 'basis', 'issuedOn', 'kind'] as const;

export const DOCUMENTS = {
  acceptance_notice: { title: '受理告知书', abbrev: '受', publicFields: ['receivedOn', 'handlingDue', 'handlingDueProvisional', 'simplified'] },
  non_acceptance_notice: { title: '不予受理告知书', abbrev: '不受', publicFields: ['reason', 'basis', 'channel', 'earlierCaseNumber', 'earlierOrganName'] },
  non_reacceptance_notice: { title: '不再受理告知书', abbrev: '不再受', publicFields: ['earlierCaseNumber', 'rereviewOpinionNumber', 'rereviewIssuedOn', 'basis', 'text', 'terminatedCaseNumber'] },
  diversion_guidance: { title: '导入法定途径告知书', abbrev: '导', publicFields: ['route', 'routeLabel', 'guidance'] },
  redirection_notice: { title: '告知书', abbrev: '告', publicFields: ['competentAuthority', 'reason'] },
  referral_notice: { title: '转送告知书（依法定程序处理）', abbrev: '转告', publicFields: ['toName', 'procedure', 'remedy'] },
  forwarding_slip: { title: '转送单', abbrev: '信转' },
  assignment_slip: { title: '交办单', abbrev: '信交' },
  objection_letter: { title: '异议函', abbrev: '异' },
  major_case_report: { title: '重大紧急信访事项报告', abbrev: '报' },
  extension_notice: { title: '延期办理告知书', abbrev: '延', publicFields: ['days', 'reason', 'newDue', 'newDueProvisional'] },
  opinion: { title: '信访处理意见书', abbrev: '处', publicFields: OPINION_FIELDS },
  mediation_agreement: { title: '调解协议书', abbrev: '调', publicFields: OPINION_FIELDS },
  settlement_agreement: { title: '和解协议书', abbrev: '和', publicFields: OPINION_FIELDS },
  service_receipt: { title: '送达回执', abbrev: '送' },
  report_back: { title: '办结报告', abbrev: '结报' },
  review_acceptance_notice: { title: '复查受理告知书', abbrev: '复查受', publicFields: ['requestedOn', 'receivedOn', 'decisionDue', 'decisionDueProvisional'] },
  review_opinion: { title: '复查意见书', abbrev: '复查', publicFields: ['decision', 'outcomes', 'facts', 'basis', 'issuedOn'] },
  rereview_acceptance_notice: { title: '复核受理告知书', abbrev: '复核受', publicFields: ['requestedOn', 'receivedOn', 'decisionDue', 'decisionDueProvisional'] },
  rereview_opinion: { title: '复核意见书', abbrev: '复核', publicFields: ['decision', 'outcomes', 'facts', 'basis', 'issuedOn', 'final', 'finality'] },
  hearing_notice: { title: '听证通知', abbrev: '听通' },
  hearing_record: { title: '听证笔录', abbrev: '听录' },
  supervision_order: { title: '督办单', abbrev: '督' },
  // One kind for the three recommendations (Art 40): the title names the type (RECOMMENDATION_TITLES), frozen in the data at issue.
  recommendation: { title: '建议书', abbrev: '建', titleFromData: true },
  recommendation_feedback: { title: '建议采纳情况反馈', abbrev: '建反' },
  correction_order: { title: '责令改正通知书', abbrev: '责改' },
  termination_notice: { title: '终结告知书', abbrev: '终', publicFields: [], legacy: true },
} as const satisfies Record<string, DocumentInfo>;

export type DocumentKind = keyof typeof DOCUMENTS;
export const DOCUMENT_KINDS = Object.keys(DOCUMENTS) as DocumentKind[];
export const DOCUMENT_LABELS = Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, DOCUMENTS[k].title])) as Record<DocumentKind, string>;
export const isDocumentKind = (k: string): k is DocumentKind => Object.hasOwn(DOCUMENTS, k);

/** A document's title: the registry's, or for a kind titled by its content, the one frozen at issue. */
export function documentTitle(kind: DocumentKind, data: Record<string, unknown>): string {
  const info: DocumentInfo = DOCUMENTS[kind];
  return info.titleFromData && typeof data.title === 'string' && data.title !== '' ? data.title : info.title;
}

/** The fields of a document's data the petitioner may see, or undefined when the document is not theirs. */
export function publicFieldsOf(kind: string): readonly string[] | undefined {
  if (!isDocumentKind(kind)) return undefined;
  const info: DocumentInfo = DOCUMENTS[kind];
  return info.publicFields;
}

/** The documents that carry an opinion (one per opinion, in the order the opinions were issued). */
export const OPINION_DOCUMENTS: ReadonlySet<DocumentKind> = new Set(['opinion', 'mediation_agreement', 'settlement_agreement', 'review_opinion', 'rereview_opinion']);

/** A document the action issues; the store numbers it and freezes it as issued. */
export interface DocumentDraft {
  kind: DocumentKind;
  organId: string;
  data: Record<string, unknown>;
}
