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
import { ADOPTION_LABELS, DECISION_LABELS, DIVERSION_LABELS, labelOf, OPINION_STAGE_LABELS, OUTCOME_LABELS, RECOMMENDATION_TYPE_LABELS, SERVICE_METHOD_LABELS } from '../labels.js';
import { documentTitle, type DocumentKind } from '../model/documents.js';
import { CHANNEL_LABELS, type Channel } from '../model/petition.js';

/** One paragraph of the body; `plain` has no first-line indent. */
export interface DocumentParagraph { text: string; plain?: boolean }
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

export function petitionerNames(c: DocumentCase): string {
  if (c.content.anonymous || c.content.petitioners.length === 0) return '信访人';
  const names = c.content.petitioners.map((p) => p.name);
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等${c.content.headcount}人` : names.join('、');
}

const p = (text: string): DocumentParagraph => ({ text });

function requests(c: DocumentCase): DocumentParagraph[] {
  return c.content.requests.map((r) => p(`${c.content.requests.length > 1 ? `${r.no}. ` : ''}${r.text}`));
}

interface Outcome { requestNo: number; outcome: string; reasoning: string }
const FINALITY = '本复核意见为最终意见。对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条第三款）。';

function opinionBody(kind: DocumentKind, d: Record<string, unknown>, c: DocumentCase, names: DocumentNames): DocumentParagraph[] {
  const stage = kind === 'review_opinion' ? '复查' : kind === 'rereview_opinion' ? '复核' : null;
  const outcomes = Array.isArray(d.outcomes) ? (d.outcomes as Outcome[]) : [];
  const out: DocumentParagraph[] = [
    p(`${stage ? `你（你们）不服信访事项（编号${c.number}）的原处理意见，于法定期限内提出${stage}请求，本机关依法予以受理。` : `你（你们）于${cnDate(c.content.receivedOn)}提出的信访事项（${c.number}），本机关已依法受理。`}现将${stage ? `${stage}意见` : '处理意见'}告知如下：`),
    p('一、信访请求'), ...requests(c),
    p('二、查明事实'), p(str(d.facts)),
    p('三、处理意见及依据'),
    ...outcomes.map((o) => {
      const r = c.content.requests.find((x) => x.no === o.requestNo);
      return p(`对第${o.requestNo}项请求${r ? `（${r.text}）` : ''}：${labelOf(OUTCOME_LABELS, o.outcome) ?? o.outcome}。${o.reasoning}`);
    }),
  ];
  if (typeof d.decision === 'string' && d.decision) out.push(p(`${stage ?? ''}决定：${labelOf(DECISION_LABELS, d.decision) ?? d.decision}原处理意见。`));
  out.push(p(`依据：${str(d.basis)}`));
  if (kind === 'review_opinion') {
    if (typeof d.rereviewOrganId === 'string') out.push(p(`如对本复查意见不服，可以自收到本意见书之日起30日内，向${names.organ(d.rereviewOrganId)}请求复核。`));
  } else if (kind === 'rereview_opinion') {
    out.push(p(str(d.finality) || FINALITY));
  } else if (typeof d.reviewOrganId === 'string') {
    out.push(p(`如对本处理意见不服，可以自收到本意见书之日起30日内，向${names.organ(d.reviewOrganId)}请求复查。`));
  }
  return out;
}

/** The body of each kind, from the data frozen in the document when it was issued. */
function body(doc: IssuedDocument, c: DocumentCase, names: DocumentNames, petitioner: string): { paragraphs: DocumentParagraph[]; table?: DocumentTableRow[] } {
  const d = doc.data;
  const received = `你（你们）于${cnDate(c.content.receivedOn)}以${CHANNEL_LABELS[c.content.channel]}形式提出的“${c.content.title}”信访事项（编号${c.number}）`;
  const notice = (...texts: string[]) => ({ paragraphs: [...texts.map(p), p('特此告知。')] });
  switch (doc.kind) {
    case 'acceptance_notice': {
      const due = cnDue(d, 'handlingDue');
      return {
        paragraphs: [
          p(`${received}，${typeof d.senderOrganId === 'string' && d.senderOrganId ? `经${names.organ(d.senderOrganId)}转来，本机关于${cnDate(d.receivedOn)}收到。` : `本机关于${cnDate(d.receivedOn)}收到。`}经审查，该事项属于本机关职责范围，根据《信访工作条例》第二十三条、第三十四条的规定，决定予以受理${d.simplified ? '，并适用简易程序办理' : ''}。`),
          p('你（你们）的信访请求如下：'),
          ...requests(c),
          p(`本机关将${due ? `于${due}前` : `自受理之日起${d.simplified ? '10' : '60'}日内`}办结并出具书面处理意见；情况复杂的，经本机关负责人批准可以适当延长办理期限，并告知你（你们）延期理由。`),
          p('特此告知。'),
        ],
      };
    }
    case 'non_acceptance_notice':
      return notice(
        `${received}，经审查，本机关决定不予受理${d.earlierCaseNumber ? `：该信访事项已由${str(d.earlierOrganName)}受理办理（编号${str(d.earlierCaseNumber)}）` : ''}。`,
        `理由：${str(d.reason)}`, `依据：${str(d.basis)}`, `你（你们）可以通过以下途径提出：${str(d.channel)}`,
      );
    case 'non_reacceptance_notice':
      return d.text
        ? notice(`${received}。${str(d.text)}`, `依据：${str(d.basis)}`)
        : notice(`${received}，与已经终结的信访事项（编号${str(d.terminatedCaseNumber)}）系同一事实和理由，根据《信访工作条例》第三十六条的规定，不再受理。`);
    case 'referral_notice':
      return notice(`${received}，${str(d.procedure)}，本机关已转送${str(d.toName)}。根据《信访工作条例》第二十二条第二款、第二十八条第二款的规定，该事项依照其法定程序处理。`, str(d.remedy));
    case 'correction_order':
      return {
        paragraphs: [
          p(`你单位对“${c.content.title}”信访事项（编号${c.number}）作出的${cnDate(d.refusedOn)}决定，经审查认为不当。根据《信访工作条例》第四十四条的规定，责令你单位改正，重新审查是否受理，并自收到之日起15日内书面告知信访人。`),
          p(`理由：${str(d.reason)}`),
        ],
      };
    case 'diversion_guidance':
      return notice(`${received}，属于应当通过${(str(d.routeLabel) || labelOf(DIVERSION_LABELS, d.route)) ?? '法定途径'}解决的事项。根据《信访工作条例》第三十一条的规定，请依照法定途径提出。`, `引导意见：${str(d.guidance)}`);
    case 'redirection_notice':
      return notice(`${received}，不属于本机关职责范围，依法应当向${str(d.competentAuthority)}提出。`, `理由：${str(d.reason)}`);
    case 'forwarding_slip':
    case 'assignment_slip': {
      const due = cnDue(d, 'due');
      return {
        paragraphs: [
          p(`现将${c.content.petitioners.length ? petitionerNames(c) : '信访人'}于${cnDate(c.content.receivedOn)}以${CHANNEL_LABELS[c.content.channel]}形式反映的“${c.content.title}”信访事项（编号${c.number}）${doc.kind === 'assignment_slip' ? '交由你单位办理' : '转送你单位依法处理'}。`),
          p('信访请求：'),
          ...requests(c),
          doc.kind === 'assignment_slip'
            ? p(`请依法及时处理，并于${cnDate(d.reportBackDue)}前将办理结果以办结报告形式报送本机关。`)
            : p(`请自收到之日起15日内决定是否受理，并书面告知信访人${due ? `（受理期限至${due}）` : ''}；如认为不属于你单位职责范围，请于收到之日起5个工作日内提出异议并说明理由。`),
          ...(str(d.note) ? [p(`附言：${str(d.note)}`)] : []),
        ],
      };
    }
    case 'extension_notice': {
      const approver = names.user(str(d.approverId));
      const due = cnDue(d, 'newDue');
      return notice(`${received}，本机关已依法受理。因${str(d.reason)}，不能在规定期限内办结。经本机关负责人${approver ? `（${approver}）` : ''}批准，根据《信访工作条例》第三十四条的规定，办理期限延长${str(d.days)}日${due ? `，至${due}` : ''}。`);
    }
    case 'opinion':
    case 'mediation_agreement':
    case 'settlement_agreement':
    case 'review_opinion':
    case 'rereview_opinion':
      return { paragraphs: opinionBody(doc.kind, d, c, names) };
    case 'service_receipt':
      return {
        paragraphs: [],
        table: [
          { label: '送达文书', value: `${labelOf(OPINION_STAGE_LABELS, d.stage) ?? '意见'}书（${c.number}）` },
          { label: '受送达人', value: petitioner },
          { label: '送达方式', value: labelOf(SERVICE_METHOD_LABELS, d.method) ?? str(d.method) },
          { label: '送达日期', value: cnDate(d.servedOn) },
          { label: '受送达人签名', value: '', blankMm: 28 },
          { label: '送达人签名', value: '', blankMm: 20 },
        ],
      };
    case 'review_acceptance_notice':
    case 'rereview_acceptance_notice': {
      const what = doc.kind === 'review_acceptance_notice' ? '复查' : '复核';
      const due = cnDue(d, 'decisionDue');
      return notice(`你（你们）于${cnDate(d.requestedOn)}提出的${what}请求（原信访事项编号${c.number}），本机关${d.receivedOn ? `于${cnDate(d.receivedOn)}收到，` : ''}决定予以受理，将${due ? `于${due}前` : '自收到请求之日起30日内'}提出${what}意见。`);
    }
    case 'objection_letter':
      return { paragraphs: [p(`你单位转来的“${c.content.title}”信访事项（编号${c.number}），经审查不属于本机关职责范围，现提出异议，请予收回。`), p(`理由：${str(d.reason)}`)] };
    case 'major_case_report':
      return { paragraphs: [p(`现将“${c.content.title}”信访事项（编号${c.number}）有关情况报告如下：`), p(str(d.summary))] };
    case 'report_back':
      return { paragraphs: [p(`你单位交办的“${c.content.title}”信访事项（编号${c.number}）已办理完毕，现将办理情况报告如下：`), p(str(d.text))] };
    case 'hearing_notice':
      return { paragraphs: [p(`本机关决定就“${c.content.title}”信访事项（编号${c.number}）的复核举行听证，听证自${cnDate(d.startedOn)}开始，听证所需时间不计入复核期限。`), ...(str(d.note) ? [p(str(d.note))] : [])] };
    case 'hearing_record':
      return { paragraphs: [p(`信访事项：“${c.content.title}”（编号${c.number}）`), p(`听证日期：${cnDate(d.heldOn ?? d.endedOn)}`), p(`听证情况：${str(d.summary)}`)] };
    case 'termination_notice':
      return notice(`你（你们）提出的“${c.content.title}”信访事项（编号${c.number}），已经处理、复查、复核程序，复核意见已依法送达。根据《信访工作条例》第三十六条的规定，该信访事项已经终结。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。`);
    case 'supervision_order':
      return { paragraphs: [p(`“${c.content.title}”信访事项（编号${c.number}），现予督办。`), p(`督办事由：${str(d.reason)}`), p(`请于${cnDate(d.dueOn)}前将办理情况反馈本机关。`)] };
    case 'recommendation': // 三项建议 (Art 40); the recipient answers in writing (¶4)
      return { paragraphs: [
        p(`本机关在办理“${c.content.title}”信访事项（编号${c.number}）中发现有关问题，根据《信访工作条例》第四十条的规定，提出${labelOf(RECOMMENDATION_TYPE_LABELS, d.type) ?? '建议'}如下：`),
        p(str(d.content)), p(`请于${cnDate(d.dueOn)}前将采纳情况书面反馈本机关。`),
      ] };
    case 'recommendation_feedback':
      return { paragraphs: [
        p(`你单位${cnDate(d.issuedOn)}就“${c.content.title}”信访事项（编号${c.number}）提出的${labelOf(RECOMMENDATION_TYPE_LABELS, d.type) ?? '建议'}收悉，现将采纳情况书面反馈如下：`),
        p(`采纳情况：${labelOf(ADOPTION_LABELS, d.adoption) ?? str(d.adoption)}。`), p(str(d.feedback)),
      ] };
  }
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
