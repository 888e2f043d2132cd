/**
 * The domain's records as TypeBox schemas, once: the petition as registered, the case with its
 * clocks, opinions, approvals and supervision orders, its events and documents, organs and rules
 * profiles. The TypeScript types the engine works on are derived from them (Static<>, re-exported
 * by the model modules), and the HTTP layer validates requests and describes its answers with the
 * same schemas, so /api/openapi.json and the web apps' generated client types say what the engine
 * says (docs/decisions/013-one-contract-per-route.md). Like action-inputs.ts, pure: no I/O.
 *
 * Kept apart from the model modules: the web apps import those modules' labels at run time and
 * this module's types only, so TypeBox never enters their bundles.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { OPINION_STAGES } from './model/case.js';
import { CASE_STATES } from './model/case-states.js';
import { DOCUMENT_KINDS } from './model/documents.js';
import { ORGAN_KINDS, ORGAN_LEVELS } from './model/organ.js';
import { CHANNEL_LABELS, PETITION_KIND_LABELS, type Channel, type PetitionKind } from './model/petition.js';
import { CLOCK_LABELS, type ClockKind, type ProfiledClock } from './rules/profiles.js';
import { ACTION_NAMES } from './lifecycle/action-rules.js';
import { INDICATOR_NAMES, INDICATORS, type IndicatorName } from './stats/indicators.js';
import { ADOPTIONS, EVALUATION_RESULTS, IsoDateT, RECOMMENDATION_TYPES, OPINION_FORMS, REQUEST_OUTCOMES, REVIEW_DECISIONS, SERVICE_METHODS } from './lifecycle/action-inputs.js';

/**
 * The keyword that names a schema for the OpenAPI document: each schema carrying it is published
 * once under components/schemas and referenced wherever it recurs (src/http/openapi-components.ts),
 * which also gives the generated client types their names (components['schemas']['CaseRecord']).
 * Validation and serialization ignore it.
 */
export const COMPONENT = 'x-component';
export const named = (name: string) => ({ [COMPONENT]: name });

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];
export const PETITION_KINDS = Object.keys(PETITION_KIND_LABELS) as PetitionKind[];
export const CLOCK_KINDS = Object.keys(CLOCK_LABELS) as ClockKind[];
export const PROFILED_CLOCKS = CLOCK_KINDS.filter((k): k is ProfiledClock => k !== 'report_back' && k !== 'supervision' && k !== 'recommendation');
export { OPINION_STAGES };

// ——— the petition as registered (Art 19): the body of POST /api/cases, and `content` of a case ———

export const PetitionerT = Type.Object({
  kind: Type.Enum(['person', 'organisation']),
  name: Text(100),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  representative: Type.Optional(Type.Boolean({ description: '集体访的代表（不超过5人，第20条）' })),
}, { ...named('Petitioner'), additionalProperties: false });

export const PetitionRequestT = Type.Object({
  no: Type.Integer({ minimum: 1, description: '诉求序号：件内稳定，处理意见逐项答复' }),
  text: Text(2000),
}, { ...named('PetitionRequest'), additionalProperties: false });

export const AttachmentT = Type.Object({
  name: Text(200), mimeType: Text(100), size: Type.Integer({ minimum: 0 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
}, { ...named('Attachment'), additionalProperties: false });

export const PetitionContentT = Type.Object({
  channel: Type.Enum(CHANNELS, { description: '信访形式（第17条）' }),
  kind: Type.Enum(PETITION_KINDS, { description: '建议意见类、检举控告类、申诉求决类（第29–31条）' }),
  title: Text(200),
  petitioners: Type.Array(PetitionerT, { maxItems: 500 }),
  headcount: Type.Integer({ minimum: 1, maximum: 100000, description: '来访人数；超过5人的应推选代表（第20条）' }),
  anonymous: Type.Boolean(),
  requests: Type.Array(PetitionRequestT, { minItems: 1, maxItems: 50 }),
  facts: Text(20000),
  reasons: Type.String({ maxLength: 20000 }),
  categoryCode: Nullable(Type.String({ maxLength: 50 })),
  regionCode: Nullable(Type.String({ maxLength: 12 })),
  organsConcerned: Type.Array(Id, { maxItems: 20, description: '涉及的机关；多个时适用第24条' }),
  accusedOrganIds: Type.Array(Id, { maxItems: 20, description: '检举控告所针对的机关：本件不得转入（第30条）' }),
  involvedUserIds: Type.Array(Id, { maxItems: 50, description: '事项涉及的工作人员：应当回避（第28条）' }),
  linkedCaseIds: Type.Array(Id, { maxItems: 50, description: '同一事项的既往信访' }),
  attachments: Type.Array(AttachmentT, { maxItems: 50 }),
  receivedOn: IsoDateT,
}, { ...named('PetitionContent'), additionalProperties: false });

// ——— deadlines and rules profiles ———

export const DeadlineRuleT = Type.Object({
  days: Type.Integer({ minimum: 0, maximum: 365 }),
  unit: Type.Enum(['calendar', 'working']),
  rollForward: Type.Boolean({ description: '自然日期限届满日逢节假日顺延至其后第一个工作日' }),
}, { ...named('DeadlineRule'), additionalProperties: false });

export const ClockPauseT = Type.Object({
  from: IsoDateT,
  to: Nullable(IsoDateT),
}, { ...named('ClockPause'), additionalProperties: false, description: '期限中止（如听证）：自 from 当日起停止计算，to 当日起恢复；to 为空表示仍在中止' });

const indicatorTarget = (n: IndicatorName) => Nullable(Type.Number({
  minimum: 0, maximum: 1, description: `${INDICATORS[n].label}的目标值（0–1，${INDICATORS[n].better === 'lower' ? '不高于' : '不低于'}）；null 为不设目标`,
}));
const ProfileLimits = Object.fromEntries(PROFILED_CLOCKS.map((k) => [k, DeadlineRuleT])) as Record<ProfiledClock, typeof DeadlineRuleT>;
export const RulesProfileT = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]{1,50}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  limits: Type.Object(ProfileLimits, { additionalProperties: false }),
  simplified: Type.Object({ routing: DeadlineRuleT, acceptance: DeadlineRuleT, handling: DeadlineRuleT }, { additionalProperties: false, description: '简易办理的期限' }),
  maxExtensionDays: Type.Integer({ minimum: 0, maximum: 90 }),
  hearingPauses: Type.Array(Type.Enum(PROFILED_CLOCKS), { maxItems: PROFILED_CLOCKS.length, description: '听证中止的期限（第36条：听证时间不计入）' }),
  evaluationDays: Type.Integer({ minimum: 1, maximum: 365, description: '送达后信访人可以评价的自然日数（第21条第2款）' }),
  lateApprovalOfTimelyRequest: Type.Boolean({ description: '期限届满前提出的延期申请，届满后批准仍为有效（第34条的一种省级解释；全国默认为否）' }),
  indicatorTargets: Type.Object(
    Object.fromEntries(INDICATOR_NAMES.map((n) => [n, indicatorTarget(n)])) as Record<IndicatorName, ReturnType<typeof indicatorTarget>>,
    { additionalProperties: false, description: '考核指标的目标值（统计分析、月通报据此标示达标与否）' }),
}, { ...named('RulesProfile'), additionalProperties: false });

// ——— the case ———

export const ClockT = Type.Object({
  kind: Type.Enum(CLOCK_KINDS),
  organId: Type.String({ description: '应在期限内办理的机关' }),
  start: IsoDateT,
  ruleSource: Type.Enum(['profile', 'simplified', 'fixed']),
  rule: Nullable(DeadlineRuleT),
  fixedDue: Nullable(IsoDateT),
  extensionDays: Type.Integer(),
  pauses: Type.Array(ClockPauseT),
  due: Nullable(IsoDateT),
  provisional: Type.Optional(Type.Boolean({ description: '届满日所在年份的节假日安排尚未录入，为预计日期' })),
  stoppedOn: Nullable(IsoDateT),
  awaitingCalendarYear: Type.Optional(Type.Integer({ description: '旧版本的记录（未有预计日期时）：届满日所待的年份。服务启动时重新计算，此后不再出现' })),
}, named('Clock'));

export const OpinionT = Type.Object({
  stage: Type.Enum(OPINION_STAGES),
  form: Type.Enum(OPINION_FORMS),
  organId: Type.String(),
  decision: Nullable(Type.Enum(REVIEW_DECISIONS)),
  outcomes: Type.Array(Type.Object({ requestNo: Type.Integer(), outcome: Type.Enum(REQUEST_OUTCOMES), reasoning: Type.String() })),
  facts: Type.String(),
  basis: Type.String(),
  approverId: Type.String(),
  issuedOn: IsoDateT,
  servedOn: Nullable(IsoDateT),
  serviceMethod: Nullable(Type.Enum(SERVICE_METHODS)),
}, named('Opinion'));

export const ApprovalRequestT = Type.Object({
  id: Type.Integer({ description: '件内序号 1, 2, …' }),
  kind: Type.Enum(['extension', ...OPINION_STAGES]),
  organId: Type.String(),
  requestedBy: Type.String(),
  requestedOn: IsoDateT,
  approverId: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: '批准后生效的内容：延期天数与理由，或拟定的意见' }),
  status: Type.Enum(['pending', 'approved', 'refused']),
  decidedOn: Nullable(IsoDateT),
  note: Nullable(Type.String({ description: '不予批准的理由，或审批意见' })),
}, { ...named('ApprovalRequest'), description: '负责人审批（延期、签发意见）：审批前不生效，期限照常计算（第34条）' });

export const NewMatterFindingT = Type.Object({
  earlierCaseId: Type.String(), newFactsOrReasons: Type.String(), by: Type.String(), on: IsoDateT,
}, { ...named('NewMatterFinding'), description: '经比对，本件对已复核的原信访事项有新的事实或理由（第36条第3款）' });

export const SupervisionOrderT = Type.Object({
  no: Type.Integer(), organId: Type.String(), targetOrganId: Type.String(), reason: Type.String(),
  issuedOn: IsoDateT, dueOn: IsoDateT, answeredOn: Nullable(IsoDateT), answer: Nullable(Type.String()),
}, named('SupervisionOrder'));

export const RecommendationT = Type.Object({
  no: Type.Integer({ description: '件内序号（第几份建议书）' }), type: Type.Enum(RECOMMENDATION_TYPES), organId: Type.String({ description: '提出建议的信访部门' }),
  targetOrganId: Type.String({ description: '建议对象' }), content: Type.String(), issuedOn: IsoDateT, dueOn: IsoDateT,
  answeredOn: Nullable(IsoDateT), adoption: Nullable(Type.Enum(ADOPTIONS)), feedback: Nullable(Type.String()),
}, { ...named('Recommendation'), description: '三项建议（第40条）及建议对象的书面反馈' });

const Review = { organId: Type.String(), requestedOn: IsoDateT, receivedOn: IsoDateT, acceptedOn: Nullable(IsoDateT) };
export const CaseRecordT = Type.Object({
  id: Type.String(),
  number: Type.String({ description: '信访件编号，如 360731-2025-000123' }),
  profileId: Type.String(),
  state: Type.Enum(CASE_STATES),
  content: PetitionContentT,
  registrarOrganId: Type.String(),
  holderOrganId: Type.String({ description: '当前持有（办理或转送）本件的机关' }),
  senderOrganId: Nullable(Type.String()),
  routing: Nullable(Type.Enum(['forward', 'assign', 'political_legal', 'discipline', 'own_remit', 'subordinate', 'lead_designation'])),
  assignment: Nullable(Type.Object({
    assignerOrganId: Type.String(), reportBackDue: IsoDateT,
    report: Type.Enum(['pending', 'submitted', 'approved', 'returned']), reportText: Nullable(Type.String()),
  }, { description: '交办：交办机关要求在 reportBackDue 前报送办结报告' })),
  receivedAtHolderOn: IsoDateT,
  acceptedOn: Nullable(IsoDateT),
  simplified: Type.Boolean(),
  extension: Nullable(Type.Object({ days: Type.Integer(), reason: Type.String(), approverId: Type.String(), on: IsoDateT })),
  approvals: Type.Array(ApprovalRequestT),
  newMatterFindings: Type.Array(NewMatterFindingT),
  objection: Nullable(Type.Object({ reason: Type.String(), raisedOn: IsoDateT, organId: Type.String() })),
  opinions: Type.Array(OpinionT),
  evaluations: Type.Array(Type.Object({
    stage: Type.Enum(OPINION_STAGES), opinionIndex: Type.Integer({ description: '所评价的意见在 opinions 中的序号' }),
    result: Type.Enum(EVALUATION_RESULTS), comment: Type.String(), on: IsoDateT,
  })),
  review: Nullable(Type.Object(Review, { description: 'requestedOn：信访人提出（寄出）日期；receivedOn：复查机关收到日期，复查期限自此起算（第35条）' })),
  rereview: Nullable(Type.Object({ ...Review, hearingOpen: Type.Boolean() })),
  supervisions: Type.Array(SupervisionOrderT),
  recommendations: Type.Optional(Type.Array(RecommendationT, { description: '三项建议（第40条）；此前保存的记录没有本字段，读作空列表（recommendationsOf）' })),
  assigneeId: Nullable(Type.String({ description: '本机关分办的承办人' })),
  recusedUserIds: Type.Array(Type.String()),
  closedOn: Nullable(IsoDateT),
  clocks: Type.Array(ClockT),
  version: Type.Integer({ description: '乐观并发：每次操作加一' }),
}, named('CaseRecord'));

/** Events as recorded (append-only). `at` is the instant as the store gives it ("2025-09-22 02:00:00+00" on read). */
export const CaseEventT = Type.Object({
  caseId: Type.String(),
  seq: Type.Integer(),
  action: Type.String(),
  at: Type.String(),
  on: IsoDateT,
  actorId: Nullable(Type.String()),
  actorKind: Type.Enum(['staff', 'petitioner', 'system']),
  actorOrganId: Nullable(Type.String()),
  fromState: Nullable(Type.Enum(CASE_STATES)),
  toState: Type.Enum(CASE_STATES),
  data: Type.Record(Type.String(), Type.Unknown()),
}, named('CaseEvent'));

/** A document as issued (append-only): its data frozen at issue. */
export const CaseDocumentT = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  eventSeq: Type.Integer(),
  kind: Type.Enum(DOCUMENT_KINDS),
  docNumber: Type.String({ description: '文号，如 于都县信访局信转〔2025〕12号' }),
  organId: Type.String(),
  issuedOn: IsoDateT,
  data: Type.Record(Type.String(), Type.Unknown()),
}, named('CaseDocument'));

/** A clock as a screen shows it: its due date, days left, whether overdue or paused. */
export const ClockViewT = Type.Object({
  kind: Type.Enum(CLOCK_KINDS),
  label: Type.String(),
  organId: Type.String(),
  start: IsoDateT,
  due: Nullable(IsoDateT),
  daysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  paused: Type.Boolean(),
  provisional: Type.Boolean({ description: '届满日所在年份的节假日安排尚未录入，为预计日期' }),
}, named('ClockView'));

/** For a case and an actor: an action, whether it is possible now, and if not, why not. */
export const ActionAvailabilityT = Type.Object({
  action: Type.Enum(ACTION_NAMES),
  label: Type.String(),
  basis: Type.String({ description: '《信访工作条例》依据' }),
  allowed: Type.Boolean(),
  requires: Type.Array(Type.String()),
  refusal: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
}, named('ActionAvailability'));

// ——— organs ———

export { ORGAN_KINDS, ORGAN_LEVELS };
export const OrganT = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Nullable(Type.String()),
  level: Type.Enum(ORGAN_LEVELS),
  kind: Type.Enum(ORGAN_KINDS, { description: 'petition_office 信访部门；handling_organ 有权处理的机关；discipline_inspection 纪检监察；political_legal 政法机关' }),
  regionCode: Nullable(Type.String({ description: 'GB/T 2260 行政区划代码（部门沿用上级的）' })),
  successorId: Nullable(Type.String({ description: '撤并后承继其在办件的机关' })),
  system: Type.Optional(Nullable(Type.String({ description: '职能系统：同一系统上下级部门相同，用于转送本系统下级机关（第23条）' }))),
}, named('Organ'));

export type Petitioner = Static<typeof PetitionerT>;
export type PetitionRequest = Static<typeof PetitionRequestT>;
export type Attachment = Static<typeof AttachmentT>;
export type PetitionContent = Static<typeof PetitionContentT>;
export type DeadlineRule = Static<typeof DeadlineRuleT>;
export type ClockPause = Static<typeof ClockPauseT>;
export type RulesProfile = Static<typeof RulesProfileT>;
export type Clock = Static<typeof ClockT>;
export type Opinion = Static<typeof OpinionT>;
export type ApprovalRequest = Static<typeof ApprovalRequestT>;
export type NewMatterFinding = Static<typeof NewMatterFindingT>;
export type SupervisionOrder = Static<typeof SupervisionOrderT>;
export type Recommendation = Static<typeof RecommendationT>;
export type CaseRecord = Static<typeof CaseRecordT>;
export type CaseEvent = Static<typeof CaseEventT>;
export type CaseDocument = Static<typeof CaseDocumentT>;
export type Organ = Static<typeof OrganT>;
export type ClockView = Static<typeof ClockViewT>;
export type ActionAvailability = Static<typeof ActionAvailabilityT>;
