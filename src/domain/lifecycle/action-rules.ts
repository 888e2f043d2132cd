/**
 * The law as data: for every action on a case, the legal metadata a lawyer reviews — its label,
 * the article it rests on, the states it may be taken in, the state it leads to, who may take it
 * (role and the organ's relation to the case), what it needs and which documents it issues.
 * Plain objects, nothing else: `npm run rules:print` prints them as docs/lifecycle-rules.md and a
 * test fails when the committed document differs. The guards and effects that need code live
 * beside this table in action-behaviour.ts, one entry per action.
 */
import { CASE_STATES, OPEN_STATES, type CaseState } from '../model/case-states.js';
import type { DocumentKind } from '../model/documents.js';
import type { Role } from '../model/user.js';
import type { OrganRelation } from './relations.js';

/**
 * Where an action leads: one state; the states it may lead to, when its input decides (a review's
 * 责令重作 returns the case to handling); 'same' for actions that record something without moving
 * the case; or, when it depends on the state the case is in, a map from that state.
 */
export type Target = CaseState | readonly CaseState[] | 'same' | Readonly<Partial<Record<CaseState, CaseState | 'same'>>>;

export interface ActionRule {
  label: string;
  /** The article(s) of the 2022 《信访工作条例》 (or the national measures) the action rests on. */
  basis: string;
  from: readonly CaseState[];
  to: Target;
  roles: readonly Role[];
  /** The petitioner may take it on their own case (portal). */
  petitioner?: boolean;
  /** The acting user's organ must stand in one of these relations to the case. */
  organ: readonly OrganRelation[];
  /** What the action needs, in words (the rules document and the action form print them). */
  requires: readonly string[];
  issues: readonly DocumentKind[];
}

const ROUTERS: readonly Role[] = ['petition_officer', 'leader'];
const HANDLERS: readonly Role[] = ['handler', 'leader'];
const LEADER: readonly Role[] = ['leader'];
/** Who decides whether a new petition repeats a matter already re-reviewed (Art 36 ¶3). */
const DECIDERS: readonly Role[] = ['petition_officer', 'handler', 'leader'];
/** States in which a petition is still being taken in: the office routes it or the organ decides on it. */
const INTAKE: readonly CaseState[] = ['registered', 'awaiting_acceptance'];

export const ACTION_RULES = {
  // ——— 信访部门: registration and routing (Art 22) ———
  forward: {
    label: '转送', basis: '第22条第1款第1项、第2项', from: ['registered'], to: 'awaiting_acceptance', roles: ROUTERS, organ: ['holder'],
    requires: ['信访部门', '有权处理的机关'], issues: ['forwarding_slip'],
  },
  assign: {
    label: '交办', basis: '第22条第1款第3项', from: ['registered'], to: 'awaiting_acceptance', roles: ROUTERS, organ: ['holder'],
    requires: ['信访部门', '有权处理的机关', '办结报告期限', '不适用简易办理'], issues: ['assignment_slip'],
  },
  forward_political_legal: {
    label: '转政法部门依法处理', basis: '第22条第2款、第28条第2款', from: ['registered'], to: 'referred', roles: ROUTERS, organ: ['holder'],
    requires: ['信访部门', '涉法涉诉事项', '同级政法部门'], issues: ['forwarding_slip', 'referral_notice'],
  },
  forward_discipline: {
    label: '转纪检监察机关依规依纪依法处理', basis: '第22条第2款、第30条', from: ['registered'], to: 'referred', roles: ROUTERS, organ: ['holder'],
    requires: ['信访部门', '检举控告事项', '有管理权限的纪检监察机关'], issues: ['forwarding_slip', 'referral_notice'],
  },
  report_major: {
    label: '重大紧急事项报告', basis: '第25条', from: OPEN_STATES, to: 'same', roles: ROUTERS, organ: ['holder', 'supervising_office'],
    requires: ['报告摘要', '报送机关'], issues: ['major_case_report'],
  },

  // ——— other organs receiving directly (Art 23 ¶1) ———
  take_own_remit: {
    label: '本机关处理（告知接收情况及处理途径）', basis: '第23条第1款', from: ['registered'], to: 'awaiting_acceptance', roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['信访部门以外的机关', '属于本机关职权范围', '接收情况及处理途径和程序'], issues: [],
  },
  forward_to_subordinate: {
    label: '转送、交办本系统下级机关', basis: '第23条第1款、第3款', from: INTAKE, to: 'awaiting_acceptance', roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['信访部门以外的机关', '属于本系统下级机关职权范围', '下级机关'], issues: ['forwarding_slip'],
  },
  redirect_outside: {
    label: '告知向有权机关提出', basis: '第23条第1款', from: ['registered'], to: 'redirected', roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['信访部门以外的机关', '不属于本机关、本系统职权范围', '有权处理的机关', '理由'], issues: ['redirection_notice'],
  },
  refer_to_procedure: {
    label: '依照本机关法定程序处理', basis: '第23条第4款、第28条第2款、第30条', from: INTAKE, to: 'referred', roles: [...HANDLERS, 'discipline_officer'], organ: ['holder'],
    requires: ['政法部门或纪检监察机关', '适用的法定程序'], issues: ['referral_notice'],
  },

  // ——— the same matter again ———
  merge_as_repeat: {
    label: '重复信访并案', basis: '重复信访（同一信访事项并入在办原件）', from: INTAKE, to: 'merged', roles: [...ROUTERS, 'handler', 'intake_clerk'], organ: ['holder'],
    requires: ['已关联、仍在本机关办理的原信访事项'], issues: [],
  },
  decline_final_matter: {
    label: '不再受理（同一事实和理由）', basis: '第36条第3款', from: INTAKE, to: 'not_reaccepted', roles: DECIDERS, organ: ['holder'],
    requires: ['已关联、复核意见已送达的原信访事项', '经比对事实和理由相同'], issues: ['non_reacceptance_notice'],
  },
  confirm_new_matter: {
    label: '认定有新的事实或理由', basis: '第36条第3款', from: INTAKE, to: 'same', roles: DECIDERS, organ: ['holder'],
    requires: ['已关联、复核意见已送达的原信访事项', '新的事实或理由'], issues: [],
  },

  // ——— the receiving organ (Arts 19, 23, 24, 31) ———
  object: {
    label: '提出异议（不属于本机关职权范围）', basis: '第23条第3款', from: ['awaiting_acceptance'], to: 'objection_pending', roles: HANDLERS, organ: ['holder'],
    requires: ['转送、交办来的事项', '收到之日起5个工作日内', '详细理由'], issues: ['objection_letter'],
  },
  approve_objection: {
    label: '核实同意异议并收回', basis: '第23条第3款', from: ['objection_pending'], to: 'registered', roles: ROUTERS, organ: ['sender'],
    requires: [], issues: [],
  },
  reject_objection: {
    label: '不同意异议', basis: '第23条第3款', from: ['objection_pending'], to: 'awaiting_acceptance', roles: ROUTERS, organ: ['sender'],
    requires: ['理由'], issues: [],
  },
  designate_lead_organ: {
    label: '确定受理机关（涉及多个机关）', basis: '第24条第1款', from: INTAKE, to: 'awaiting_acceptance', roles: ROUTERS, organ: ['holder', 'common_superior'],
    requires: ['涉及两个以上机关', '受理机关', '各机关协商一致或共同上级机关决定'], issues: ['forwarding_slip'],
  },
  accept: {
    label: '受理', basis: '第23条第2款、第3款', from: ['awaiting_acceptance'], to: 'handling', roles: HANDLERS, organ: ['holder'],
    requires: ['收到之日起15日内书面告知', '不适用于政法部门、纪检监察机关的程序'], issues: ['acceptance_notice'],
  },
  decline: {
    label: '不予受理（同一事项已在下级机关办理）', basis: '第19条第3款', from: INTAKE, to: 'not_accepted', roles: [...ROUTERS, 'handler'], organ: ['holder'],
    requires: ['已关联的同一信访事项', '该事项已由下级机关受理或正在办理', '理由'], issues: ['non_acceptance_notice'],
  },
  divert: {
    label: '导入法定途径', basis: '第31条第1项至第5项', from: INTAKE, to: 'diverted', roles: HANDLERS, organ: ['holder'],
    requires: ['法定途径', '书面引导意见'], issues: ['diversion_guidance'],
  },
  apply_simplified: {
    label: '适用简易办理', basis: '《信访事项简易办理办法》（国家信访局，2016年）', from: INTAKE, to: 'same', roles: [...ROUTERS, 'handler'], organ: ['holder'],
    requires: ['初信初访', '事实清楚、责任明确、争议不大', '非交办件'], issues: [],
  },
  convert_to_normal: {
    label: '转为普通程序', basis: '《信访事项简易办理办法》（国家信访局，2016年）', from: [...INTAKE, 'handling'], to: 'same', roles: [...ROUTERS, 'handler'], organ: ['holder'],
    requires: ['适用简易办理的事项', '理由'], issues: [],
  },

  // ——— handling (Arts 29, 31–34) ———
  record_hearing: {
    label: '举行听证', basis: '第31条第6项', from: ['handling'], to: 'same', roles: HANDLERS, organ: ['holder'],
    requires: ['听证日期', '听证情况'], issues: ['hearing_record'],
  },
  request_extension: {
    label: '申请延期办理', basis: '第34条', from: ['handling'], to: 'same', roles: HANDLERS, organ: ['holder'],
    requires: ['办理期限届满前', '延期理由', '不超过30日', '报本机关负责人批准', '只能延期一次'], issues: [],
  },
  approve_extension: {
    label: '批准延期办理', basis: '第34条', from: ['handling'], to: 'same', roles: LEADER, organ: ['holder'],
    requires: ['待批准的延期申请', '申请指定的本机关负责人', '办理期限届满前批准（规则配置可放宽为届满前申请）'], issues: ['extension_notice'],
  },
  draft_opinion: {
    label: '拟定处理意见（报请签发）', basis: '第29条、第32条、第34条', from: ['handling'], to: 'same', roles: HANDLERS, organ: ['holder'],
    requires: ['逐项诉求意见：申诉求决类支持/解释说明/不予支持，建议意见类采纳/部分采纳/不予采纳', '查明事实', '依据', '签发领导'], issues: [],
  },
  sign_opinion: {
    label: '签发处理意见', basis: '第32条、第34条', from: ['handling'], to: 'opinion_issued', roles: LEADER, organ: ['holder'],
    requires: ['待签发的处理意见', '报请指定的本机关负责人'], issues: ['opinion', 'mediation_agreement', 'settlement_agreement'],
  },
  refuse_approval: {
    label: '不予批准（退回修改）', basis: '第34条（负责人批准）', from: ['handling', 'under_review', 'under_rereview'], to: 'same', roles: LEADER,
    organ: ['holder', 'review_organ', 'rereview_organ'], requires: ['待审批事项', '报请指定的负责人', '理由'], issues: [],
  },
  serve: {
    label: '送达', basis: '第32条、第35条、第36条', from: ['opinion_issued', 'review_opinion_issued', 'rereview_opinion_issued'],
    to: { opinion_issued: 'served', review_opinion_issued: 'review_served', rereview_opinion_issued: 'rereview_served' }, roles: [...HANDLERS, 'intake_clerk'],
    organ: ['holder', 'review_organ', 'rereview_organ'], requires: ['出具意见的机关', '送达方式', '送达日期（回执）'], issues: ['service_receipt'],
  },

  // ——— 交办: report-back to the assigning office (Art 22 ¶1 (3)) ———
  submit_report: {
    label: '报送办结报告', basis: '第22条第1款第3项', from: ['served'], to: 'same', roles: HANDLERS, organ: ['holder'],
    requires: ['交办件', '办结报告'], issues: ['report_back'],
  },
  approve_report: {
    label: '审核通过办结报告', basis: '第22条第1款第3项', from: ['served'], to: 'same', roles: ROUTERS, organ: ['assigner'],
    requires: ['已报送的办结报告'], issues: [],
  },
  return_report: {
    label: '退回重办', basis: '第22条第1款第3项', from: ['served'], to: 'handling', roles: ROUTERS, organ: ['assigner'],
    requires: ['已报送的办结报告', '退回理由', '新的办结报告期限'], issues: [],
  },

  // ——— the petitioner's judgement and appeals (Arts 21, 35, 36) ———
  evaluate: {
    label: '评价', basis: '第21条第2款', from: ['served', 'review_served', 'rereview_served'], to: 'same', roles: ['intake_clerk', 'petition_officer'], petitioner: true,
    organ: ['holder', 'registrar', 'review_organ', 'rereview_organ'], requires: ['满意/基本满意/不满意', '每份意见评价一次', '送达之日起在规则配置的评价期内'], issues: [],
  },
  request_review: {
    label: '请求复查', basis: '第35条', from: ['served'], to: 'review_requested', roles: ['intake_clerk', 'petition_officer', 'handler'], petitioner: true,
    organ: ['review_organ'], requires: ['收到处理意见之日起30日内提出', '复查请求及理由', '复查机关收到日期'], issues: [],
  },
  accept_review: {
    label: '受理复查', basis: '第35条', from: ['review_requested'], to: 'under_review', roles: HANDLERS, organ: ['review_organ'],
    requires: [], issues: ['review_acceptance_notice'],
  },
  draft_review_opinion: {
    label: '拟定复查意见（报请签发）', basis: '第35条', from: ['under_review'], to: 'same', roles: HANDLERS, organ: ['review_organ'],
    requires: ['维持/撤销/变更/责令重作', '查明事实', '依据', '签发领导'], issues: [],
  },
  sign_review_opinion: {
    label: '签发复查意见', basis: '第35条', from: ['under_review'], to: ['review_opinion_issued', 'handling'], roles: LEADER, organ: ['review_organ'],
    requires: ['待签发的复查意见', '报请指定的本机关负责人'], issues: ['review_opinion'],
  },
  request_rereview: {
    label: '请求复核', basis: '第36条第1款', from: ['review_served'], to: 'rereview_requested', roles: ['intake_clerk', 'petition_officer', 'handler'], petitioner: true,
    organ: ['rereview_organ'], requires: ['收到复查意见之日起30日内提出', '复核请求及理由', '复核机关收到日期'], issues: [],
  },
  accept_rereview: {
    label: '受理复核', basis: '第36条第1款', from: ['rereview_requested'], to: 'under_rereview', roles: HANDLERS, organ: ['rereview_organ'],
    requires: [], issues: ['rereview_acceptance_notice'],
  },
  start_hearing: {
    label: '举行听证（复核期限中止）', basis: '第36条第2款', from: ['under_rereview'], to: 'same', roles: HANDLERS, organ: ['rereview_organ'],
    requires: [], issues: ['hearing_notice'],
  },
  end_hearing: {
    label: '听证结束（复核期限恢复）', basis: '第36条第2款', from: ['under_rereview'], to: 'same', roles: HANDLERS, organ: ['rereview_organ'],
    requires: ['听证情况'], issues: ['hearing_record'],
  },
  draft_rereview_opinion: {
    label: '拟定复核意见（报请签发）', basis: '第36条', from: ['under_rereview'], to: 'same', roles: HANDLERS, organ: ['rereview_organ'],
    requires: ['维持/撤销/变更', '查明事实', '依据', '签发领导', '听证已结束'], issues: [],
  },
  sign_rereview_opinion: {
    label: '签发复核意见', basis: '第36条', from: ['under_rereview'], to: 'rereview_opinion_issued', roles: LEADER, organ: ['rereview_organ'],
    requires: ['待签发的复核意见', '报请指定的本机关负责人', '听证已结束'], issues: ['rereview_opinion'],
  },
  close: {
    label: '办结归档', basis: '第35条、第36条第1款', from: ['served', 'review_served'], to: 'closed', roles: HANDLERS, organ: ['holder', 'review_organ'],
    requires: ['请求复查、复核的期限届满未请求', '交办件的办结报告已审核通过'], issues: [],
  },

  // ——— organs merged or abolished (Art 24 ¶2) ———
  transfer_to_successor: {
    label: '移交承继机关', basis: '第24条第2款', from: OPEN_STATES, to: 'same', roles: ROUTERS, organ: ['holder', 'supervising_office'],
    requires: ['原机关已撤并并指定承继机关'], issues: [],
  },

  // ——— supervision and correction (Arts 40, 44) ———
  issue_supervision: {
    label: '督办', basis: '第40条第1款', from: CASE_STATES, to: 'same', roles: ROUTERS, organ: ['supervising_office'],
    requires: ['信访部门', '督办事由', '反馈期限', '向应当办理的机关（复查、复核阶段为复查、复核机关）'], issues: ['supervision_order'],
  },
  answer_supervision: {
    label: '督办反馈', basis: '第40条第1款', from: CASE_STATES, to: 'same', roles: HANDLERS, organ: ['supervised'],
    requires: ['本机关收到的督办', '反馈情况'], issues: [],
  },
  // ——— the three recommendations (三项建议, Art 40): a case shows the need; the answer is in writing ———
  issue_recommendation: {
    label: '提出建议（改进工作、完善政策、追究责任）', basis: '第40条', from: CASE_STATES, to: 'same', roles: ROUTERS, organ: ['supervising_office'],
    requires: [
      '信访部门', '建议类型', '改进工作建议：向有关机关、单位', '完善政策建议：向本级党委和政府', '追究责任建议：向有管理权限的机关、单位', '建议内容', '反馈期限',
    ],
    issues: ['recommendation'],
  },
  answer_recommendation: {
    label: '书面反馈建议采纳情况', basis: '第40条第4款', from: CASE_STATES, to: 'same', roles: HANDLERS, organ: ['recommended'],
    requires: ['本机关收到的建议书', '采纳/部分采纳/不予采纳', '书面反馈'], issues: ['recommendation_feedback'],
  },
  order_correction: {
    label: '责令改正（重新审查受理）', basis: '第43条、第44条', from: ['not_accepted', 'not_reaccepted'], to: ['awaiting_acceptance', 'registered'], roles: ROUTERS,
    organ: ['superior', 'supervising_office'], requires: ['上级机关或督办的信访部门', '理由'], issues: ['correction_order'],
  },
  reopen: {
    label: '依督办纠正（重新审查受理）', basis: '第40条第1款、第44条', from: ['not_accepted', 'not_reaccepted'], to: ['awaiting_acceptance', 'registered'], roles: [...HANDLERS, 'petition_officer'],
    organ: ['holder'], requires: ['作出决定后收到的督办', '纠正理由'], issues: [],
  },

  // ——— within the organ ———
  declare_conflict: {
    label: '自行回避', basis: '第28条第3款', from: OPEN_STATES, to: 'same', roles: ['intake_clerk', 'petition_officer', 'handler', 'leader'],
    organ: ['holder', 'registrar', 'sender', 'assigner', 'review_organ', 'rereview_organ', 'supervising_office'],
    requires: ['回避理由'], issues: [],
  },
  assign_handler: {
    label: '分办（指定承办人）', basis: '本机关内部分办', from: OPEN_STATES, to: 'same', roles: LEADER, organ: ['holder'],
    requires: ['本机关承办人', '承办人无须回避'], issues: [],
  },
} as const satisfies Record<string, ActionRule>;

export type ActionName = keyof typeof ACTION_RULES;
export const ACTION_NAMES = Object.keys(ACTION_RULES) as ActionName[];
export const isActionName = (a: string): a is ActionName => Object.hasOwn(ACTION_RULES, a);
export const ruleOf = (a: ActionName): ActionRule => ACTION_RULES[a];

/** The states an action may lead to from `from` ('same' resolved to `from`). */
export function targetsFrom(rule: ActionRule, from: CaseState): CaseState[] {
  const t = rule.to;
  if (t === 'same') return [from];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return [...(t as readonly CaseState[])];
  const m = (t as Readonly<Partial<Record<CaseState, CaseState | 'same'>>>)[from];
  return m === undefined ? [] : [m === 'same' ? from : m];
}

/** The rule's target in words for the rules document: '（不变）' for 'same'. */
export function targetText(rule: ActionRule, label: (s: CaseState) => string): string {
  const t = rule.to;
  if (t === 'same') return '（状态不变）';
  if (typeof t === 'string') return label(t);
  if (Array.isArray(t)) return (t as readonly CaseState[]).map(label).join(' 或 ');
  return Object.entries(t).map(([f, s]) => `${label(f as CaseState)} → ${s === 'same' ? '（不变）' : label(s)}`).join('；');
}

/**
 * Events that are not actions of the table (registration, the system's recomputation), and events
 * recorded under names the rules no longer use (the approval steps replaced `extend`,
 * `issue_opinion`, `decide_review`, `decide_rereview`; the re-review opinion itself ends a matter
 * since the 2022 wording was followed, so `terminate` is gone): old timelines still read them.
 */
const HISTORIC_ACTION_LABELS: Record<string, string> = {
  register: '登记',
  deadline_recomputed: '期限重新计算', // a system event: a holiday notice or a profile moved a due date
  extend: '延期办理',
  issue_opinion: '出具处理意见',
  decide_review: '作出复查意见',
  decide_rereview: '作出复核意见',
  decline_terminated: '不再受理',
  terminate: '终结',
};

/** The label of any event's action, current or historic. */
export function actionLabel(action: string): string {
  return isActionName(action) ? ACTION_RULES[action].label : HISTORIC_ACTION_LABELS[action] ?? action;
}
