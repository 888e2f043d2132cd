/**
 * The input of every action, once: a TypeBox schema (JSON Schema with the Chinese field titles the
 * workbench's generated forms show) from which the TypeScript type is derived. The HTTP layer
 * validates requests with these same schemas and publishes them in /api/openapi.json; the engine
 * receives the derived types. TypeBox is a pure schema library: no I/O enters the domain with it.
 */
import { Type, type Static, type TObject, type TSchema } from 'typebox';
import type { ActionName } from './action-rules.js';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/**
 * A date (北京时间), YYYY-MM-DD. `format: 'date'`: one that exists, in the years 1900–2200 — the
 * pattern alone lets 2025-13-45 through to the database (src/http/input-guard.ts gives the HTTP
 * validators the format; isSaneIsoDate in calendar/dates.ts is its one definition).
 */
export const IsoDateT = Type.String({ pattern: DATE_PATTERN, format: 'date', description: 'YYYY-MM-DD（北京时间日期）' });
const DateT = (title: string) => Type.String({ pattern: DATE_PATTERN, format: 'date', description: 'YYYY-MM-DD（北京时间日期）', title });
const Text = (max: number, title: string) => Type.String({ minLength: 1, maxLength: max, title });
const OptText = (max = 2000, title = '备注') => Type.Optional(Type.String({ maxLength: max, title }));
const IdT = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
const Enum = <const T extends string[]>(values: readonly [...T], title: string) => Type.Enum(values, { title });

/** 支持 / 解释说明 / 不予支持 (Art 32) for claims and accusations; 采纳 / 部分采纳 / 不予采纳 (Art 29) for suggestions. */
export const REQUEST_OUTCOMES = ['support', 'explain', 'not_support', 'adopt', 'partly_adopt', 'not_adopt'] as const;
export const REVIEW_DECISIONS = ['uphold', 'annul', 'change', 'redo'] as const;
/** A re-review may uphold, annul or change, never send back for redoing (Art 36). */
export const REREVIEW_DECISIONS = ['uphold', 'annul', 'change'] as const satisfies readonly (typeof REVIEW_DECISIONS)[number][];
export const SERVICE_METHODS = ['in_person', 'mail', 'electronic'] as const;
export const DIVERSION_ROUTES = ['litigation', 'arbitration', 'administrative_review', 'party_appeal', 'other_statutory'] as const;
export const OPINION_FORMS = ['opinion', 'mediation_agreement', 'settlement_agreement'] as const;
export const EVALUATION_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
/** 三项建议 (Art 40): 改进工作 / 完善政策 (to 本级党委和政府) / 追究责任 (to the organ with management authority). */
export const RECOMMENDATION_TYPES = ['improve_work', 'improve_policy', 'accountability'] as const;
/** The recipient's written answer whether it adopts the recommendation (Art 40 ¶4). */
export const ADOPTIONS = ['adopted', 'partly_adopted', 'not_adopted'] as const;

/** Whether `value` is one of `values`: the values themselves, never an inherited key such as 'toString'. */
export const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => (values as readonly unknown[]).includes(value);

const Outcomes = Type.Array(Type.Object({
  requestNo: Type.Integer({ minimum: 1, title: '诉求序号' }),
  outcome: Enum(REQUEST_OUTCOMES, '处理结果'),
  reasoning: Text(5000, '理由'),
}, { additionalProperties: false }), { maxItems: 50, title: '逐项诉求意见' });

const OpinionFields = {
  outcomes: Outcomes,
  facts: Text(20000, '查明事实'),
  basis: Text(5000, '处理依据'),
  approverId: IdT('签发领导'),
};
const Destination = { targetOrganId: IdT('接收机关'), note: OptText() };
const obj = <P extends Record<string, TSchema>>(p: P) => Type.Object(p, { additionalProperties: false });

export const ACTION_INPUT_SCHEMAS = {
  forward: obj(Destination),
  assign: obj({ ...Destination, reportBackDue: DateT('办结报告期限') }),
  forward_political_legal: obj(Destination),
  forward_discipline: obj(Destination),
  report_major: obj({ summary: Text(5000, '报告摘要'), reportedTo: Text(200, '报送机关') }),
  take_own_remit: obj({ howHandled: Text(5000, '接收情况及处理途径和程序') }),
  forward_to_subordinate: obj(Destination),
  redirect_outside: obj({ competentAuthority: Text(200, '有权处理的机关'), reason: Text(5000, '理由') }),
  refer_to_procedure: obj({ procedure: Text(500, '适用的法定程序'), note: OptText() }),
  merge_as_repeat: obj({ earlierCaseId: IdT('在办的原信访事项') }),
  decline_final_matter: obj({ earlierCaseId: IdT('已复核的原信访事项'), sameFactsAndReasons: Type.Literal(true, { title: '经比对，事实和理由与原信访事项相同' }), note: OptText() }),
  confirm_new_matter: obj({ earlierCaseId: IdT('已复核的原信访事项'), newFactsOrReasons: Text(5000, '新的事实或理由') }),
  object: obj({ reason: Text(5000, '异议理由') }),
  approve_objection: obj({ note: OptText() }),
  reject_objection: obj({ reason: Text(5000, '不同意异议的理由') }),
  designate_lead_organ: obj({
    leadOrganId: IdT('受理机关'), mode: Enum(['agreement', 'superior_decision'], '确定方式'),
    agreedOrganIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, title: '协商一致的机关' })), note: OptText(),
  }),
  accept: obj({ note: OptText() }),
  decline: obj({ earlierCaseId: IdT('下级机关已受理或正在办理的同一信访事项'), reason: Text(5000, '不予受理理由') }),
  divert: obj({ route: Enum(DIVERSION_ROUTES, '法定途径'), guidance: Text(5000, '书面引导意见') }),
  apply_simplified: obj({ note: OptText() }),
  convert_to_normal: obj({ reason: Text(5000, '转为普通程序的理由') }),
  record_hearing: obj({ heldOn: DateT('听证日期'), summary: Text(5000, '听证情况') }),
  request_extension: obj({ days: Type.Integer({ minimum: 1, maximum: 365, title: '延期天数' }), reason: Text(5000, '延期理由'), approverId: IdT('审批领导') }),
  approve_extension: obj({ approvalId: Type.Integer({ minimum: 1, title: '审批事项' }), note: OptText() }),
  draft_opinion: obj({ ...OpinionFields, form: Type.Optional(Enum(OPINION_FORMS, '意见形式')) }),
  sign_opinion: obj({ approvalId: Type.Integer({ minimum: 1, title: '审批事项' }), note: OptText() }),
  refuse_approval: obj({ approvalId: Type.Integer({ minimum: 1, title: '审批事项' }), reason: Text(5000, '不予批准（退回修改）的理由') }),
  serve: obj({ method: Enum(SERVICE_METHODS, '送达方式'), servedOn: DateT('送达日期') }),
  submit_report: obj({ text: Text(5000, '办结报告') }),
  approve_report: obj({ note: OptText() }),
  return_report: obj({ reason: Text(5000, '退回理由'), reportBackDue: DateT('新的办结报告期限') }),
  evaluate: obj({ result: Enum(EVALUATION_RESULTS, '评价'), comment: OptText(2000, '意见') }),
  request_review: obj({ requestedOn: Type.Optional(DateT('提出（寄出）日期')), receivedOn: Type.Optional(DateT('复查机关收到日期')), reasons: Text(5000, '复查请求及理由') }),
  accept_review: obj({ note: OptText() }),
  draft_review_opinion: obj({ ...OpinionFields, decision: Enum(REVIEW_DECISIONS, '复查决定') }),
  sign_review_opinion: obj({ approvalId: Type.Integer({ minimum: 1, title: '审批事项' }), note: OptText() }),
  request_rereview: obj({ requestedOn: Type.Optional(DateT('提出（寄出）日期')), receivedOn: Type.Optional(DateT('复核机关收到日期')), reasons: Text(5000, '复核请求及理由') }),
  accept_rereview: obj({ note: OptText() }),
  start_hearing: obj({ note: OptText() }),
  end_hearing: obj({ summary: Text(5000, '听证情况') }),
  draft_rereview_opinion: obj({ ...OpinionFields, decision: Enum(REREVIEW_DECISIONS, '复核决定') }),
  sign_rereview_opinion: obj({ approvalId: Type.Integer({ minimum: 1, title: '审批事项' }), note: OptText() }),
  close: obj({ note: OptText() }),
  transfer_to_successor: obj({ note: OptText() }),
  issue_supervision: obj({ reason: Text(5000, '督办事由'), dueOn: DateT('反馈期限') }),
  answer_supervision: obj({ answer: Text(5000, '反馈情况') }),
  issue_recommendation: obj({
    type: Enum(RECOMMENDATION_TYPES, '建议类型'), targetOrganId: IdT('建议对象（机关、单位）'), content: Text(5000, '建议内容'), dueOn: DateT('反馈期限'),
  }),
  answer_recommendation: obj({ no: Type.Integer({ minimum: 1, title: '建议书' }), adoption: Enum(ADOPTIONS, '采纳情况'), feedback: Text(5000, '书面反馈') }),
  order_correction: obj({ reason: Text(5000, '责令改正的理由') }),
  reopen: obj({ reason: Text(5000, '纠正理由') }),
  declare_conflict: obj({ reason: Text(5000, '回避理由') }),
  assign_handler: obj({ userId: IdT('承办人') }),
} satisfies Record<ActionName, TSchema>;

export type ActionInputs = { [K in ActionName]: Static<(typeof ACTION_INPUT_SCHEMAS)[K]> };
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
export type DiversionRoute = (typeof DIVERSION_ROUTES)[number];
export type OpinionForm = (typeof OPINION_FORMS)[number];
export type EvaluationResult = (typeof EVALUATION_RESULTS)[number];
export type RecommendationType = (typeof RECOMMENDATION_TYPES)[number];
export type Adoption = (typeof ADOPTIONS)[number];
/** The fields of an opinion as drafted (the handling, review and re-review opinions share them). */
export type OpinionInput = Static<TObject<typeof OpinionFields>>;
