/**
 * The wording of each document kind as a template an administrator can change per organ, in the
 * style of the SMS templates: a label, the placeholders it may use, those it must keep, and the
 * default body — the wording Minsheng has always issued. One paragraph a line; a line holding only a
 * list placeholder ({requests}, {outcomes}) becomes one paragraph per item. The conditional phrases
 * (经……转来, 并适用简易程序办理, the due-date clause) are computed placeholders, so a clerk reads
 * plain sentences; a line whose optional placeholder has no value (no 附言, no 复查机关) is left out.
 * Pure: the values come from document-content.ts.
 */
import type { DocumentKind } from '../model/documents.js';
import { fillPlaceholders, placeholdersIn, validateTemplateText, type TemplateDef, type TemplateRules } from '../templates/template-text.js';

/** One paragraph of a composed body; `plain` has no first-line indent. */
export interface DocumentParagraph { text: string; plain?: boolean }

/** A placeholder's value: text, a list of paragraphs (block placeholders), or null: none, the line is left out. */
export type PlaceholderValue = string | DocumentParagraph[] | null;

/** The editor's name of each placeholder; those in brackets say what the computed phrase holds. */
export const DOCUMENT_PLACEHOLDER_LABELS: Readonly<Record<string, string>> = {
  organ: '本机关名称', number: '信访事项编号', title: '信访事项标题', submittedOn: '提出日期', channel: '信访形式', petitioner: '信访人',
  requests: '信访请求（逐项列出，须单独占一行）', receivedOn: '本机关收到日期',
  forwardedBy: '转来机关（“经××转来，”；直接收到时为空）', simplified: '简易程序（“，并适用简易程序办理”；否则为空）',
  due: '办理期限（“于××前”；未算出时为法定期限）', earlier: '已受理情况（“：该信访事项已由××受理办理（编号××）”；否则为空）',
  reason: '理由', basis: '依据', way: '提出途径', statement: '不再受理的说明', procedure: '法定程序', target: '接收机关', remedy: '救济途径',
  refusedOn: '原决定日期', route: '法定途径', guidance: '引导意见', authority: '有权处理的机关',
  acceptanceDue: '受理期限（“（受理期限至××）”；未算出时为空）', reportBackDue: '报送期限', note: '附言（为空时整行省略）',
  approver: '批准人（“（姓名）”）', days: '延长天数', newDue: '延长后期限（“，至××”）', facts: '查明事实',
  outcomes: '处理意见（逐项列出，须单独占一行）', decision: '决定（维持、撤销等；为空时整行省略）',
  reviewOrgan: '复查机关（无时整行省略）', rereviewOrgan: '复核机关（无时整行省略）', finality: '最终意见说明',
  requestedOn: '请求日期', received: '收到日期（“于××收到，”；否则为空）', summary: '情况摘要', report: '办理情况',
  startedOn: '听证开始日期', heldOn: '听证日期', dueOn: '反馈期限',
  recommendationType: '建议类别（改进工作建议等）', content: '建议内容', issuedOn: '建议日期', adoption: '采纳情况（采纳、部分采纳、不予采纳）', feedback: '反馈内容',
};

/** Placeholders that expand into one paragraph per item. */
export const BLOCK_PLACEHOLDERS: readonly string[] = ['requests', 'outcomes'];

/** Every kind may name these (the case and the issuing organ). */
const COMMON = ['organ', 'number', 'title', 'submittedOn', 'channel', 'petitioner', 'requests'] as const;
const def = (label: string, extra: readonly string[], required: readonly string[], lines: readonly string[]): TemplateDef =>
  ({ label, placeholders: [...COMMON, ...extra], required: ['number', ...required], body: lines.join('\n') });

const RECEIVED = '你（你们）于{submittedOn}以{channel}形式提出的“{title}”信访事项（编号{number}）';
const NOTICE_END = '特此告知。';
const opinionLines = (opening: string, decision: string | null, closing: string) => [
  opening, '一、信访请求', '{requests}', '二、查明事实', '{facts}', '三、处理意见及依据', '{outcomes}', ...(decision ? [decision] : []), '依据：{basis}', closing,
];
const OPINION_OPENING = '你（你们）于{submittedOn}提出的信访事项（{number}），本机关已依法受理。现将处理意见告知如下：';
const OPINION_CLOSING = '如对本处理意见不服，可以自收到本意见书之日起30日内，向{reviewOrgan}请求复查。';
const OPINION_FIELDS = ['facts', 'outcomes', 'basis', 'reviewOrgan'] as const;
const slipLines = (action: string, request: string) => [
  `现将{petitioner}于{submittedOn}以{channel}形式反映的“{title}”信访事项（编号{number}）${action}。`, '信访请求：', '{requests}', request, '附言：{note}',
];

/** Kinds whose whole content is a form (the service receipt's table) have no template. */
export type TemplatedKind = Exclude<DocumentKind, 'service_receipt'>;

export const DOCUMENT_TEMPLATES = {
  acceptance_notice: def('受理告知书', ['receivedOn', 'forwardedBy', 'simplified', 'due'], ['requests'], [
    `${RECEIVED}，{forwardedBy}本机关于{receivedOn}收到。经审查，该事项属于本机关职责范围，根据《信访工作条例》第二十三条、第三十四条的规定，决定予以受理{simplified}。`,
    '你（你们）的信访请求如下：', '{requests}',
    '本机关将{due}办结并出具书面处理意见；情况复杂的，经本机关负责人批准可以适当延长办理期限，并告知你（你们）延期理由。', NOTICE_END,
  ]),
  non_acceptance_notice: def('不予受理告知书', ['earlier', 'reason', 'basis', 'way'], ['reason'], [
    `${RECEIVED}，经审查，本机关决定不予受理{earlier}。`, '理由：{reason}', '依据：{basis}', '你（你们）可以通过以下途径提出：{way}', NOTICE_END,
  ]),
  non_reacceptance_notice: def('不再受理告知书', ['statement', 'basis'], ['statement'], [`${RECEIVED}{statement}`, '依据：{basis}', NOTICE_END]),
  diversion_guidance: def('导入法定途径告知书', ['route', 'guidance'], ['route'], [
    `${RECEIVED}，属于应当通过{route}解决的事项。根据《信访工作条例》第三十一条的规定，请依照法定途径提出。`, '引导意见：{guidance}', NOTICE_END,
  ]),
  redirection_notice: def('告知书（向有权机关提出）', ['authority', 'reason'], ['authority'], [
    `${RECEIVED}，不属于本机关职责范围，依法应当向{authority}提出。`, '理由：{reason}', NOTICE_END,
  ]),
  referral_notice: def('转送告知书（依法定程序处理）', ['procedure', 'target', 'remedy'], ['target'], [
    `${RECEIVED}，{procedure}，本机关已转送{target}。根据《信访工作条例》第二十二条第二款、第二十八条第二款的规定，该事项依照其法定程序处理。`, '{remedy}', NOTICE_END,
  ]),
  forwarding_slip: def('转送单', ['acceptanceDue', 'note'], ['requests'], slipLines('转送你单位依法处理',
    '请自收到之日起15日内决定是否受理，并书面告知信访人{acceptanceDue}；如认为不属于你单位职责范围，请于收到之日起5个工作日内提出异议并说明理由。')),
  assignment_slip: def('交办单', ['reportBackDue', 'note'], ['requests', 'reportBackDue'], slipLines('交由你单位办理',
    '请依法及时处理，并于{reportBackDue}前将办理结果以办结报告形式报送本机关。')),
  objection_letter: def('异议函', ['reason'], ['reason'], [
    '你单位转来的“{title}”信访事项（编号{number}），经审查不属于本机关职责范围，现提出异议，请予收回。', '理由：{reason}',
  ]),
  major_case_report: def('重大紧急信访事项报告', ['summary'], ['summary'], ['现将“{title}”信访事项（编号{number}）有关情况报告如下：', '{summary}']),
  extension_notice: def('延期办理告知书', ['reason', 'approver', 'days', 'newDue'], ['days'], [
    `${RECEIVED}，本机关已依法受理。因{reason}，不能在规定期限内办结。经本机关负责人{approver}批准，根据《信访工作条例》第三十四条的规定，办理期限延长{days}日{newDue}。`, NOTICE_END,
  ]),
  opinion: def('信访处理意见书', OPINION_FIELDS, ['outcomes'], opinionLines(OPINION_OPENING, null, OPINION_CLOSING)),
  mediation_agreement: def('调解协议书', OPINION_FIELDS, ['outcomes'], opinionLines(OPINION_OPENING, null, OPINION_CLOSING)),
  settlement_agreement: def('和解协议书', OPINION_FIELDS, ['outcomes'], opinionLines(OPINION_OPENING, null, OPINION_CLOSING)),
  report_back: def('办结报告', ['report'], ['report'], ['你单位交办的“{title}”信访事项（编号{number}）已办理完毕，现将办理情况报告如下：', '{report}']),
  review_acceptance_notice: def('复查受理告知书', ['requestedOn', 'received', 'due'], [], [
    '你（你们）于{requestedOn}提出的复查请求（原信访事项编号{number}），本机关{received}决定予以受理，将{due}提出复查意见。', NOTICE_END,
  ]),
  review_opinion: def('复查意见书', ['facts', 'outcomes', 'decision', 'basis', 'rereviewOrgan'], ['outcomes'], opinionLines(
    '你（你们）不服信访事项（编号{number}）的原处理意见，于法定期限内提出复查请求，本机关依法予以受理。现将复查意见告知如下：',
    '复查决定：{decision}原处理意见。', '如对本复查意见不服，可以自收到本意见书之日起30日内，向{rereviewOrgan}请求复核。')),
  rereview_acceptance_notice: def('复核受理告知书', ['requestedOn', 'received', 'due'], [], [
    '你（你们）于{requestedOn}提出的复核请求（原信访事项编号{number}），本机关{received}决定予以受理，将{due}提出复核意见。', NOTICE_END,
  ]),
  rereview_opinion: def('复核意见书', ['facts', 'outcomes', 'decision', 'basis', 'finality'], ['outcomes', 'finality'], opinionLines(
    '你（你们）不服信访事项（编号{number}）的原处理意见，于法定期限内提出复核请求，本机关依法予以受理。现将复核意见告知如下：',
    '复核决定：{decision}原处理意见。', '{finality}')),
  hearing_notice: def('听证通知', ['startedOn', 'note'], [], [
    '本机关决定就“{title}”信访事项（编号{number}）的复核举行听证，听证自{startedOn}开始，听证所需时间不计入复核期限。', '{note}',
  ]),
  hearing_record: def('听证笔录', ['heldOn', 'summary'], [], ['信访事项：“{title}”（编号{number}）', '听证日期：{heldOn}', '听证情况：{summary}']),
  supervision_order: def('督办单', ['reason', 'dueOn'], [], ['“{title}”信访事项（编号{number}），现予督办。', '督办事由：{reason}', '请于{dueOn}前将办理情况反馈本机关。']),
  correction_order: def('责令改正通知书', ['refusedOn', 'reason'], [], [
    '你单位对“{title}”信访事项（编号{number}）作出的{refusedOn}决定，经审查认为不当。根据《信访工作条例》第四十四条的规定，责令你单位改正，重新审查是否受理，并自收到之日起15日内书面告知信访人。',
    '理由：{reason}',
  ]),
  recommendation: def('建议书（改进工作、完善政策、追究责任）', ['recommendationType', 'content', 'dueOn'], ['content'], [
    '本机关在办理“{title}”信访事项（编号{number}）中发现有关问题，根据《信访工作条例》第四十条的规定，提出{recommendationType}如下：', '{content}',
    '请于{dueOn}前将采纳情况书面反馈本机关。',
  ]),
  recommendation_feedback: def('建议采纳情况反馈', ['issuedOn', 'recommendationType', 'adoption', 'feedback'], ['adoption'], [
    '你单位{issuedOn}就“{title}”信访事项（编号{number}）提出的{recommendationType}收悉，现将采纳情况书面反馈如下：', '采纳情况：{adoption}。', '{feedback}',
  ]),
  termination_notice: def('终结告知书', [], [], [
    '你（你们）提出的“{title}”信访事项（编号{number}），已经处理、复查、复核程序，复核意见已依法送达。根据《信访工作条例》第三十六条的规定，该信访事项已经终结。信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。',
    NOTICE_END,
  ]),
} as const satisfies Record<TemplatedKind, TemplateDef>;

export const isTemplatedKind = (k: string): k is TemplatedKind => Object.hasOwn(DOCUMENT_TEMPLATES, k);

/** A document template: up to 5000 characters, one paragraph a line. */
export const DOCUMENT_TEMPLATE_RULES: TemplateRules = { noun: '文书模板', maxLength: 5000, multiline: true, blocks: BLOCK_PLACEHOLDERS, labels: DOCUMENT_PLACEHOLDER_LABELS };

/** Checks an administrator's wording of `kind` and answers it as stored (lines trimmed, blank lines dropped). */
export function validateDocumentTemplate(kind: TemplatedKind, body: string): string {
  return validateTemplateText(DOCUMENT_TEMPLATES[kind], body, DOCUMENT_TEMPLATE_RULES);
}

/**
 * The paragraphs of a template: each line filled in; a line that is only a block placeholder gives
 * its paragraphs; a line naming a placeholder without a value is left out.
 */
export function renderDocumentTemplate(body: string, values: Readonly<Record<string, PlaceholderValue>>): DocumentParagraph[] {
  const out: DocumentParagraph[] = [];
  for (const line of body.split('\n')) {
    const names = placeholdersIn(line);
    const only = names.length === 1 && line === `{${names[0] ?? ''}}` ? values[names[0] ?? ''] : undefined;
    if (Array.isArray(only)) {
      out.push(...only);
      continue;
    }
    // Names unknown to this kind (a wording frozen before a placeholder was retired) read as ''.
    if (names.some((n) => values[n] === null)) continue;
    out.push({ text: fillPlaceholders(line, (n) => { const v = values[n]; return Array.isArray(v) ? v.map((x) => x.text).join('') : v ?? undefined; }) });
  }
  return out;
}
