import type { DeadlineRule } from '../calendar/deadlines.js';
import type { RulesProfile } from '../schemas.js';

/**
 * Every statutory period as data (workflow.md §4). A province's variant overrides limits and
 * units; changing a profile recomputes every open deadline that uses it.
 */
export type ClockKind =
  | 'routing' // 信访部门登记转送/交办: 15 days from receipt (Art 22)
  | 'acceptance' // 受理告知: 15 days from receipt at the organ (Art 23)
  | 'objection' // 异议: 5 working days from receipt at the organ
  | 'handling' // 办理: 60 days from acceptance, +≤30 extension (Art 34)
  | 'review_request' // 申请复查: 30 days from receipt of the opinion (Art 35)
  | 'review_decision' // 复查决定: 30 days from receipt of the request
  | 'rereview_request' // 申请复核: 30 days from receipt of the review opinion (Art 36)
  | 'rereview_decision' // 复核决定: 30 days, hearing excluded (Art 36)
  | 'report_back' // 交办办结报告: date set by the assigning office
  | 'supervision' // 督办: date set by the supervising office
  | 'recommendation'; // 建议反馈 (Art 40 ¶4): date set by the petition office that made the recommendation

export const CLOCK_LABELS: Record<ClockKind, string> = {
  routing: '登记转送',
  acceptance: '受理告知',
  objection: '异议期',
  handling: '办理',
  review_request: '申请复查期',
  review_decision: '复查决定',
  rereview_request: '申请复核期',
  rereview_decision: '复核决定',
  report_back: '办结报告',
  supervision: '督办反馈',
  recommendation: '建议反馈',
};

/** Clocks whose limit comes from the profile (the last two carry a date set by a person). */
export type ProfiledClock = Exclude<ClockKind, 'report_back' | 'supervision' | 'recommendation'>;

/**
 * A rules profile (defined once as a TypeBox schema in ../schemas.ts): `simplified` — 简易办理 (2016
 * national measures): each forwarding level / acceptance / opinion; `hearingPauses` — clocks a hearing
 * pauses (Art 36: hearing time not counted in re-review); `evaluationDays` — calendar days after
 * service in which the petitioner may evaluate an opinion (评价, Art 21 ¶2);
 * `lateApprovalOfTimelyRequest` — an extension must be approved before the handling period ends
 * (Art 34); when true, an approval given after the end is still lawful if the handler asked before
 * it (some provinces read Art 34 so); the national profile says false (docs/decisions/011-approvals.md).
 */
export type { RulesProfile } from '../schemas.js';

/** Profiles stored before a field existed take its national default. */
export function withProfileDefaults(p: Partial<RulesProfile> & Pick<RulesProfile, 'id' | 'name' | 'limits' | 'simplified' | 'maxExtensionDays' | 'hearingPauses'>): RulesProfile {
  return {
    evaluationDays: NATIONAL_PROFILE.evaluationDays, lateApprovalOfTimelyRequest: NATIONAL_PROFILE.lateApprovalOfTimelyRequest,
    indicatorTargets: NATIONAL_PROFILE.indicatorTargets, ...p,
  };
}

const cal = (days: number): DeadlineRule => ({ days, unit: 'calendar', rollForward: true });
const work = (days: number): DeadlineRule => ({ days, unit: 'working', rollForward: false });

export const NATIONAL_PROFILE: RulesProfile = {
  id: 'national',
  name: '全国默认（《信访工作条例》2022）',
  limits: {
    routing: cal(15),
    acceptance: cal(15),
    objection: work(5),
    handling: cal(60),
    review_request: cal(30),
    review_decision: cal(30),
    rereview_request: cal(30),
    rereview_decision: cal(30),
  },
  simplified: { routing: work(1), acceptance: work(3), handling: work(10) },
  maxExtensionDays: 30,
  hearingPauses: ['rereview_decision'],
  evaluationDays: 30,
  lateApprovalOfTimelyRequest: false,
  // The regulation binds every duty to its period (Arts 22–24, 34–36): 100% is the law's own
  // target. It sets none for evaluation, satisfaction, repeats or online share: provinces do.
  indicatorTargets: { timelyAcceptance: 1, onTimeCompletion: 1, evaluationRate: null, satisfaction: null, repeatRate: null, onlineShare: null },
};

/**
 * An example provincial variant: the opinion within 30 days of acceptance (extension still ≤30),
 * and routing within 10 days — the kind of tightening provinces publish.
 */
export const PROVINCIAL_EXAMPLE_PROFILE: RulesProfile = {
  ...NATIONAL_PROFILE,
  id: 'provincial-example',
  name: '省级示例（转送10日，办理30日）',
  limits: { ...NATIONAL_PROFILE.limits, routing: cal(10), handling: cal(30) },
  // Targets of the kind provincial assessment rules publish (参评率、满意率、重复信访率、网上信访占比).
  indicatorTargets: { ...NATIONAL_PROFILE.indicatorTargets, evaluationRate: 0.8, satisfaction: 0.9, repeatRate: 0.05, onlineShare: 0.6 },
};

export const BUILT_IN_PROFILES: readonly RulesProfile[] = [NATIONAL_PROFILE, PROVINCIAL_EXAMPLE_PROFILE];
