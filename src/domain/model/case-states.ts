/**
 * The states of a case, once: each with its label, the phase staff group it in, whether it ends the
 * case, and what it means (workflow.md §3). Every list, label and grouping elsewhere is derived from
 * this record — the lifecycle rules, the queue's phases, the screens' filters and the rules document.
 */

/** Phases: how staff speak of the work in front of them (the queue's tabs, the dashboard's counts). */
export const PHASES = {
  routing: '待转送交办',
  acceptance: '待受理',
  objection: '异议待确认',
  handling: '办理中',
  service: '意见待送达',
  review: '复查复核',
  served: '已送达待办结',
  ended: '已结束',
} as const;
export type Phase = keyof typeof PHASES;

export interface StateInfo {
  label: string;
  phase: Phase;
  /** The case is over in this state: no clock runs, it leaves every queue (open = false). */
  terminal: boolean;
  description: string;
}

export const STATES = {
  registered: { label: '已登记', phase: 'routing', terminal: false, description: '已登记，待信访部门转送、交办，或待收到的机关决定本机关处理、转下级机关或告知向有权机关提出' },
  awaiting_acceptance: { label: '待受理', phase: 'acceptance', terminal: false, description: '已转送、交办到有权处理的机关，待其决定是否受理并书面告知' },
  objection_pending: { label: '异议待确认', phase: 'objection', terminal: false, description: '收到的机关提出异议（非本机关职责），待转送、交办机关核实同意或不同意' },
  handling: { label: '办理中', phase: 'handling', terminal: false, description: '已受理，正在调查核实，待出具书面处理意见' },
  opinion_issued: { label: '意见待送达', phase: 'service', terminal: false, description: '处理意见已签发，待送达信访人' },
  served: { label: '意见已送达', phase: 'served', terminal: false, description: '处理意见已送达；信访人可在收到之日起30日内请求复查' },
  review_requested: { label: '复查待受理', phase: 'review', terminal: false, description: '信访人已请求复查，待复查机关受理' },
  under_review: { label: '复查中', phase: 'review', terminal: false, description: '复查机关正在复查，须自收到请求之日起30日内提出复查意见' },
  review_opinion_issued: { label: '复查意见待送达', phase: 'service', terminal: false, description: '复查意见已签发，待送达信访人' },
  review_served: { label: '复查意见已送达', phase: 'served', terminal: false, description: '复查意见已送达；信访人可在收到之日起30日内请求复核' },
  rereview_requested: { label: '复核待受理', phase: 'review', terminal: false, description: '信访人已请求复核，待复核机关受理' },
  under_rereview: { label: '复核中', phase: 'review', terminal: false, description: '复核机关正在复核，须自收到请求之日起30日内提出复核意见（听证时间不计入）' },
  rereview_opinion_issued: { label: '复核意见待送达', phase: 'service', terminal: false, description: '复核意见已签发，待送达信访人' },
  rereview_served: { label: '复核意见已送达（最终意见）', phase: 'ended', terminal: true, description: '复核意见为最终意见：以同一事实和理由再次提出的，各级机关不再受理（第36条第3款）' },
  not_accepted: { label: '不予受理', phase: 'ended', terminal: true, description: '同一信访事项已在下级机关受理或正在办理，上级机关不予受理并书面告知（第19条第3款）' },
  not_reaccepted: { label: '不再受理', phase: 'ended', terminal: true, description: '与已复核的信访事项事实和理由相同，不再受理并书面告知（第36条第3款）' },
  diverted: { label: '已导入法定途径', phase: 'ended', terminal: true, description: '应当通过诉讼、仲裁、行政复议等法定途径解决，已书面引导（第31条第1项至第5项）' },
  redirected: { label: '已告知向有权机关提出', phase: 'ended', terminal: true, description: '不属于本机关、本系统职权范围，已告知信访人向有权处理的机关提出（第23条第1款）' },
  referred: { label: '已移交法定程序处理', phase: 'ended', terminal: true, description: '涉法涉诉事项由政法部门、检举控告事项由纪检监察机关依照各自程序处理，不适用信访复查复核（第22条第2款、第28条第2款）' },
  merged: { label: '重复件已并案', phase: 'ended', terminal: true, description: '同一信访事项的重复件，已并入在办的原件办理' },
  closed: { label: '已办结', phase: 'ended', terminal: true, description: '处理意见或复查意见已送达，申请复查、复核的期限届满未申请，办结归档' },
} as const satisfies Record<string, StateInfo>;

export type CaseState = keyof typeof STATES;

/** Every state, in the order of the lifecycle. */
export const CASE_STATES = Object.keys(STATES) as CaseState[];
export const TERMINAL_STATES: ReadonlySet<CaseState> = new Set(CASE_STATES.filter((s) => STATES[s].terminal));
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !STATES[s].terminal);
export const STATE_LABELS = Object.fromEntries(CASE_STATES.map((s) => [s, STATES[s].label])) as Record<CaseState, string>;

export const isCaseState = (s: string): s is CaseState => Object.hasOwn(STATES, s);
export const phaseOf = (s: CaseState): Phase => STATES[s].phase;

/** The phases of open cases, each with its states: the queue's stage filter and the dashboard's counts. */
export const OPEN_PHASES = (Object.keys(PHASES) as Phase[])
  .filter((p) => p !== 'ended')
  .map((key) => ({ key, label: PHASES[key], states: OPEN_STATES.filter((s) => STATES[s].phase === key) }));
export type OpenPhase = Exclude<Phase, 'ended'>;
