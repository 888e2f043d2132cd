/**
 * The invented case the document template editor composes its preview from: one petition with two
 * requests and, for each kind, data shaped as the engine freezes it at issue. The preview runs the
 * same composeDocument as the print page, so the administrator reads the document as it will be.
 */
import type { DocumentCase, IssuedDocument } from '../../../../src/domain/documents/document-content.js';
import { DOCUMENTS, type DocumentKind } from '../../../../src/domain/model/documents.js';

export const SAMPLE_CASE: DocumentCase = {
  number: '360731-2026-000123',
  content: {
    receivedOn: '2026-11-16', channel: 'letter', title: '某建筑公司拖欠农民工工资', anonymous: false, headcount: 1,
    petitioners: [{ name: '张三' }],
    requests: [{ no: 1, text: '支付拖欠的工资三万元' }, { no: 2, text: '补缴社会保险' }],
  },
};

const OUTCOMES = [
  { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
  { requestNo: 2, outcome: 'explain', reasoning: '社会保险补缴由社会保险经办机构依法办理。' },
];
const OPINION = { outcomes: OUTCOMES, facts: '经调取考勤记录和工资表，查明欠薪属实。', basis: '《保障农民工工资支付条例》第十五条', reviewOrganId: 'county' };

/** Each kind's data at issue (ids of the demo organs; an unknown id reads as a blank name). */
const SAMPLE_DATA: Partial<Record<DocumentKind, Record<string, unknown>>> = {
  acceptance_notice: { receivedOn: '2026-11-17', senderOrganId: 'county-xfj', simplified: false, handlingDue: '2027-01-15' },
  non_acceptance_notice: { reason: '该事项已经或者依法应当通过诉讼解决', basis: '《信访工作条例》第三十一条', channel: '向人民法院提起诉讼' },
  non_reacceptance_notice: { text: '该信访事项与已经复核的信访事项事实和理由相同，不再受理。', basis: '《信访工作条例》第三十六条第三款' },
  diversion_guidance: { route: 'arbitration', routeLabel: '劳动争议仲裁', guidance: '请向于都县劳动人事争议仲裁委员会申请仲裁。' },
  redirection_notice: { competentAuthority: '于都县人民法院', reason: '属民事纠纷，应通过诉讼解决' },
  referral_notice: { toName: '中共于都县委政法委员会', procedure: '由政法部门依照法律规定的程序处理', remedy: '对处理结果不服的，依照诉讼法律规定提出上诉、申请再审或者申诉。' },
  forwarding_slip: { to: 'county-rsj', toName: '于都县人力资源和社会保障局', due: '2026-12-02', note: '请依法处理' },
  assignment_slip: { to: 'county-rsj', toName: '于都县人力资源和社会保障局', reportBackDue: '2026-12-31', note: '请于期限内报送办结报告' },
  objection_letter: { to: 'county-xfj', reason: '该事项属住建部门职责' },
  major_case_report: { summary: '涉及群体性欠薪，人数较多。', reportedTo: '于都县委、县政府' },
  extension_notice: { days: 30, reason: '需补充调查', approverId: '', newDue: '2027-02-14' },
  opinion: OPINION, mediation_agreement: OPINION, settlement_agreement: OPINION,
  report_back: { to: 'county-xfj', text: '已办结，处理意见已送达信访人。' },
  review_acceptance_notice: { requestedOn: '2027-01-20', receivedOn: '2027-01-21', decisionDue: '2027-02-20' },
  review_opinion: { ...OPINION, decision: 'uphold', rereviewOrganId: 'city' },
  rereview_acceptance_notice: { requestedOn: '2027-03-01', receivedOn: '2027-03-02', decisionDue: '2027-04-01' },
  rereview_opinion: { ...OPINION, decision: 'uphold' },
  hearing_notice: { startedOn: '2027-03-10', note: '请信访人按时参加。' },
  hearing_record: { heldOn: '2027-03-12', summary: '双方陈述意见，听证员发表意见。' },
  supervision_order: { targetOrganId: 'county-rsj', reason: '办理超期', dueOn: '2027-01-31' },
  correction_order: { to: 'county-rsj', reason: '该事项属于其职权范围，不予受理不当', refusedOn: '2026-11-20' },
  recommendation: { type: 'improve_work', targetOrganId: 'county-rsj', content: '建议规范欠薪投诉的受理告知。', dueOn: '2027-01-31' },
  recommendation_feedback: { type: 'improve_work', to: 'county-xfj', issuedOn: '2027-01-05', adoption: 'adopted', feedback: '已研究，整改措施如下。' },
};

/** The sample document of `kind` as `organId` would issue it under `template`. */
export function sampleDocument(kind: DocumentKind, organId: string, template: string): IssuedDocument {
  return { kind, organId, docNumber: `${DOCUMENTS[kind].abbrev}〔2026〕1号`, issuedOn: '2026-12-07', data: { ...SAMPLE_DATA[kind], template } };
}
