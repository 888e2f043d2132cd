/**
 * The wording of every issued document (文书), composed once from its frozen data and the case: the
 * workbench's print page, the portal and the .docx / PDF files all render this structure, so they
 * cannot say different things. Pure: no React, no I/O, no clock.
 *
 * Dates are written as GB/T 9704-2012 §7.3.5.1 has them — Arabic numerals, year, month and day in
 * full (2026年12月7日). The 1999 edition's 二〇二六年十二月七日 is superseded; where any text asks for
 * "Chinese numerals" in the 成文日期, the 2012 standard wins.
 */
import { chineseDate, dueText, isProvisionalField } from '../calendar/provisional-note.js';
import { ADOPTION_LABELS, DECISION_LABELS, DIVERSION_LABELS, labelOf, OUTCOME_LABELS, RECOMMENDATION_TYPE_LABELS, SERVICE_METHOD_LABELS } from '../labels.js';
import { documentTitle, DOCUMENTS, isDocumentKind, type DocumentKind } from '../model/documents.js';
import { CHANNEL_LABELS, type Channel } from '../model/petition.js';
import { DOCUMENT_TEMPLATES, renderDocumentTemplate, type DocumentParagraph, type PlaceholderValue } from './document-templates.js';

export type { DocumentParagraph } from './document-templates.js';
/** One row of a form-like document (the service receipt); `blankMm` leaves room to sign. */
export interface DocumentTableRow { label: string; value: string; blankMm?: number }

export interface DocumentContent {
  kind: DocumentKind;
  /** 发文机关标志 (the masthead): the issuing organ. */
  organName: string;
  docNumber: string;
  title: string;
  /** 主送机关 or the petitioner; null for documents without one (receipt, hearing record). */
  addressee: string | null;
  paragraphs: DocumentParagraph[];
  /** A form instead of (or after) the paragraphs. */
  table?: DocumentTableRow[];
  signatureOrgan: string;
  /** 成文日期, e.g. 2026年12月7日. */
  date: string;
  /** ISO issue date (the files' fixed metadata dates). */
  issuedOn: string;
  caseNumber: string;
}

/** What composition needs of an issued document (a row of `documents`). */
export interface IssuedDocument {
  kind: DocumentKind;
  docNumber: string;
  organId: string;
  issuedOn: string;
  data: Record<string, unknown>;
}

/** What composition needs of the case. */
export interface DocumentCase {
  number: string;
  content: {
    receivedOn: string;
    channel: Channel;
    title: string;
    anonymous: boolean;
    headcount: number;
    petitioners: readonly { name: string }[];
    requests: readonly { no: number; text: string }[];
  };
}

export interface DocumentNames {
  organ: (id: string | null | undefined) => string;
  /** A staff member's name; '' leaves it out (the portal never names staff). */
  user: (id: string | null | undefined) => string;
  /** How the petitioner is addressed; by default their names as the case shows them. */
  petitioner?: string;
}

/** Documents sent to another organ rather than to the petitioner. */
const TO_ORGAN: ReadonlySet<DocumentKind> = new Set([
  'forwarding_slip', 'assignment_slip', 'objection_letter', 'report_back', 'supervision_order', 'major_case_report', 'correction_order', 'recommendation', 'recommendation_feedback',
]);
const NO_ADDRESSEE: ReadonlySet<DocumentKind> = new Set(['service_receipt', 'hearing_record']);

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const cnDate = (v: unknown): string => chineseDate(typeof v === 'string' ? v.slice(0, 10) : v);
/** A computed due date of the document, with 预计 and its note when it was provisional at issue. */
const cnDue = (d: Record<string, unknown>, field: string): string => dueText(d[field], isProvisionalField(d, field), { chinese: true, none: '' });

/** Text typed by staff set inside a sentence: its own closing punctuation dropped (因…办结。，不能… read wrong). */
const clause = (text: string): string => text.trim().replace(/[。．.，,；;！!？?、\s]+$/u, '');

/** The served document's own title: the opinion's form at its stage (a receipt frozen before the form was kept: its stage's). */
function servedTitle(d: Record<string, unknown>): string {
  if (d.stage === 'review') return DOCUMENTS.review_opinion.title;
  if (d.stage === 'rereview') return DOCUMENTS.rereview_opinion.title;
  const form = str(d.form);
  return isDocumentKind(form) ? DOCUMENTS[form].title : DOCUMENTS.opinion.title;
}

export function petitionerNames(c: DocumentCase): string {
  if (c.content.anonymous || c.content.petitioners.length === 0) return '信访人';
  const names = c.content.petitioners.map((p) => p.name);
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等${c.content.headcount}人` : names.join('、');
}

function requests(c: DocumentCase): DocumentParagraph[] {
  return c.content.requests.map((r) => ({ text: `${c.content.requests.length > 1 ? `${r.no}. ` : ''}${r.text}` }));
}

interface Outcome { requestNo: number; outcome: string; reasoning: string }
const FINALITY = '本复核意见为最终意见。对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条第三款）。';

function outcomes(d: Record<string, unknown>, c: DocumentCase): DocumentParagraph[] {
  const list = Array.isArray(d.outcomes) ? (d.outcomes as Outcome[]) : [];
  return list.map((o) => {
    const r = c.content.requests.find((x) => x.no === o.requestNo);
    return { text: `对第${o.requestNo}项请求${r ? `（${r.text}）` : ''}：${labelOf(OUTCOME_LABELS, o.outcome) ?? o.outcome}。${o.reasoning}` };
  });
}

type Values = Record<string, PlaceholderValue>;

/** The placeholders' values of each kind, from the data frozen in the document when it was issued (see document-templates.ts). */
function kindValues(doc: IssuedDocument, c: DocumentCase, names: DocumentNames): Values {
  const d = doc.data;
  const organOrNull = (v: unknown) => (typeof v === 'string' ? names.organ(v) : null);
  switch (doc.kind) {
    case 'acceptance_notice': {
      const due = cnDue(d, 'handlingDue');
      return {
        receivedOn: cnDate(d.receivedOn), forwardedBy: typeof d.senderOrganId === 'string' && d.senderOrganId ? `经${names.organ(d.senderOrganId)}转来，` : '',
        simplified: d.simplified ? '，并适用简易程序办理' : '', due: due ? `于${due}前` : `自受理之日起${d.simplified ? '10' : '60'}日内`,
      };
    }
    case 'non_acceptance_notice':
      return {
        earlier: d.earlierCaseNumber ? `：该信访事项已由${str(d.earlierOrganName)}受理办理（编号${str(d.earlierCaseNumber)}）` : '',
        reason: str(d.reason), basis: str(d.basis), way: str(d.channel),
      };
    case 'non_reacceptance_notice':
      // Documents issued before the reasoned text (d.text) existed state the earlier case and no basis.
      return d.text
        ? { statement: `。${str(d.text)}`, basis: str(d.basis) }
        : { statement: `，与已经终结的信访事项（编号${str(d.terminatedCaseNumber)}）系同一事实和理由，根据《信访工作条例》第三十六条的规定，不再受理。`, basis: null };
    case 'referral_notice':
      return { procedure: str(d.procedure), target: str(d.toName), remedy: str(d.remedy) };
    case 'correction_order':
      return { refusedOn: cnDate(d.refusedOn), reason: str(d.reason) };
    case 'diversion_guidance':
      return { route: (str(d.routeLabel) || labelOf(DIVERSION_LABELS, d.route)) ?? '法定途径', guidance: str(d.guidance) };
    case 'redirection_notice':
      return { authority: str(d.competentAuthority), reason: str(d.reason) };
    case 'forwarding_slip':
    case 'assignment_slip': {
      const due = cnDue(d, 'due');
      // The receiving organ is told who the petitioners are, whoever reads.
      return {
        petitioner: petitionerNames(c), acceptanceDue: due ? `（受理期限至${due}）` : '', reportBackDue: cnDate(d.reportBackDue), note: str(d.note) || null,
      };
    }
    case 'extension_notice': {
      const approver = names.user(str(d.approverId));
      const due = cnDue(d, 'newDue');
      return { reason: clause(str(d.reason)), approver: approver ? `（${approver}）` : '', days: str(d.days), newDue: due ? `，至${due}` : '' };
    }
    case 'opinion':
    case 'mediation_agreement':
    case 'settlement_agreement':
    case 'review_opinion':
    case 'rereview_opinion':
      return {
        facts: str(d.facts), outcomes: outcomes(d, c), basis: str(d.basis),
        decision: typeof d.decision === 'string' && d.decision ? labelOf(DECISION_LABELS, d.decision) ?? d.decision : null,
        reviewOrgan: organOrNull(d.reviewOrganId), rereviewOrgan: organOrNull(d.rereviewOrganId), finality: str(d.finality) || FINALITY,
      };
    case 'review_acceptance_notice':
    case 'rereview_acceptance_notice': {
      const due = cnDue(d, 'decisionDue');
      return { requestedOn: cnDate(d.requestedOn), received: d.receivedOn ? `于${cnDate(d.receivedOn)}收到，` : '', due: due ? `于${due}前` : '自收到请求之日起30日内' };
    }
    case 'objection_letter':
      return { reason: str(d.reason) };
    case 'major_case_report':
      return { summary: str(d.summary) };
    case 'report_back':
      return { report: str(d.text) };
    case 'hearing_notice':
      return { startedOn: cnDate(d.startedOn), note: str(d.note) || null };
    case 'hearing_record':
      return { heldOn: cnDate(d.heldOn ?? d.endedOn), summary: str(d.summary) };
    case 'supervision_order':
      return { reason: str(d.reason), dueOn: cnDate(d.dueOn) };
    case 'recommendation': // 三项建议 (Art 40); the recipient answers in writing (¶4)
      return { recommendationType: labelOf(RECOMMENDATION_TYPE_LABELS, d.type) ?? '建议', content: str(d.content), dueOn: cnDate(d.dueOn) };
    case 'recommendation_feedback':
      return {
        issuedOn: cnDate(d.issuedOn), recommendationType: labelOf(RECOMMENDATION_TYPE_LABELS, d.type) ?? '建议',
        adoption: labelOf(ADOPTION_LABELS, d.adoption) ?? str(d.adoption), feedback: str(d.feedback),
      };
    case 'termination_notice':
    case 'service_receipt':
      return {};
  }
}

/**
 * The body of each kind: the service receipt's form, or the paragraphs of the wording frozen in the
 * document when it was issued (an organ's template, `data.template`), else the default wording.
 */
function body(doc: IssuedDocument, c: DocumentCase, names: DocumentNames, petitioner: string): { paragraphs: DocumentParagraph[]; table?: DocumentTableRow[] } {
  const d = doc.data;
  if (doc.kind === 'service_receipt') {
    return {
      paragraphs: [],
      table: [
        { label: '送达文书', value: `${servedTitle(d)}（${c.number}）` },
        { label: '受送达人', value: petitioner },
        { label: '送达方式', value: labelOf(SERVICE_METHOD_LABELS, d.method) ?? str(d.method) },
        { label: '送达日期', value: cnDate(d.servedOn) },
        { label: '受送达人签名', value: '', blankMm: 28 },
        { label: '送达人签名', value: '', blankMm: 20 },
      ],
    };
  }
  const template = typeof d.template === 'string' && d.template ? d.template : DOCUMENT_TEMPLATES[doc.kind].body;
  const common: Values = {
    organ: names.organ(doc.organId), number: c.number, title: c.content.title, submittedOn: cnDate(c.content.receivedOn),
    channel: CHANNEL_LABELS[c.content.channel], petitioner, requests: requests(c),
  };
  return { paragraphs: renderDocumentTemplate(template, { ...common, ...kindValues(doc, c, names) }) };
}

/** The addressee of a document sent to another organ: its name as issued, else the organ's. */
function organAddressee(d: Record<string, unknown>, names: DocumentNames): string {
  const id = str(d.to) || str(d.targetOrganId) || str(d.reportedTo);
  return str(d.toName) || names.organ(id) || str(d.reportedTo);
}

/** A document's full wording: masthead, number, title, addressee, body, signature and date. */
export function composeDocument(doc: IssuedDocument, c: DocumentCase, names: DocumentNames): DocumentContent {
  const petitioner = names.petitioner ?? petitionerNames(c);
  const issuer = names.organ(doc.organId);
  const { paragraphs, table } = body(doc, c, names, petitioner);
  return {
    kind: doc.kind,
    organName: issuer,
    docNumber: doc.docNumber,
    title: documentTitle(doc.kind, doc.data),
    addressee: NO_ADDRESSEE.has(doc.kind) ? null : TO_ORGAN.has(doc.kind) ? organAddressee(doc.data, names) : petitioner,
    paragraphs,
    ...(table ? { table } : {}),
    signatureOrgan: issuer,
    date: chineseDate(doc.issuedOn.slice(0, 10)),
    issuedOn: doc.issuedOn.slice(0, 10),
    caseNumber: c.number,
  };
}

/** The body as plain text, one paragraph a line (tests, search, the dossier's contents). */
export function contentText(content: DocumentContent): string {
  return [
    content.organName, content.docNumber, content.title, content.addressee ? `${content.addressee}：` : '',
    ...content.paragraphs.map((x) => x.text), ...(content.table ?? []).map((r) => `${r.label}${r.value}`),
    content.signatureOrgan, content.date,
  ].filter(Boolean).join('\n');
}
