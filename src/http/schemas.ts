/** Route schemas (TypeBox → JSON Schema): they validate requests and generate the OpenAPI document. */
import { Type, type TSchema } from 'typebox';
import type { ActionName } from '../domain/lifecycle/transitions.js';

export const IsoDateT = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）' });
const Text = (max = 5000, title?: string) => Type.String({ minLength: 1, maxLength: max, ...(title ? { title } : {}) });
const OptText = (max = 2000, title = '备注') => Type.Optional(Type.String({ maxLength: max, title }));
const Id = Type.String({ minLength: 1, maxLength: 100 });
/** An id field with its Chinese label (for generated forms). */
const IdT = (title: string) => Type.String({ minLength: 1, maxLength: 100, title });
/** A date field with its Chinese label. */
const DateT = (title: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）', title });
const Enum = <T extends string>(values: readonly T[], title?: string) => Type.Union(values.map((v) => Type.Literal(v)), title ? { title } : {});

export const ErrorT = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) }, { description: '错误：稳定的 code 与中文 message' });

export const PetitionerT = Type.Object({
  kind: Enum(['person', 'organisation'] as const),
  name: Text(100),
  idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18 }), Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  representative: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const PetitionT = Type.Object({
  channel: Enum(['online', 'letter', 'phone', 'fax', 'visit', 'video', 'higher_office'] as const),
  kind: Enum(['suggestion', 'accusation', 'claim'] as const),
  title: Text(200),
  petitioners: Type.Array(PetitionerT, { maxItems: 500 }),
  headcount: Type.Integer({ minimum: 1, maximum: 100000 }),
  anonymous: Type.Boolean(),
  requests: Type.Array(Type.Object({ no: Type.Integer({ minimum: 1 }), text: Text(2000) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
  facts: Text(20000),
  reasons: Type.String({ maxLength: 20000 }),
  categoryCode: Type.Union([Type.String({ maxLength: 50 }), Type.Null()]),
  regionCode: Type.Union([Type.String({ maxLength: 12 }), Type.Null()]),
  organsConcerned: Type.Array(Id, { maxItems: 20 }),
  accusedOrganIds: Type.Array(Id, { maxItems: 20 }),
  involvedUserIds: Type.Array(Id, { maxItems: 50 }),
  linkedCaseIds: Type.Array(Id, { maxItems: 50 }),
  attachments: Type.Array(Type.Object({ name: Text(200), mimeType: Text(100), size: Type.Integer({ minimum: 0 }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: false }), { maxItems: 50 }),
  receivedOn: IsoDateT,
}, { additionalProperties: false });

export const RegisterBodyT = Type.Object({ petition: PetitionT, simplified: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

const OpinionFields = {
  outcomes: Type.Array(Type.Object({ requestNo: Type.Integer({ minimum: 1, title: '诉求序号' }), outcome: Enum(['support', 'explain', 'not_support'] as const, '处理结果'), reasoning: Text(5000, '理由') }, { additionalProperties: false }), { maxItems: 50, title: '逐项诉求意见' }),
  facts: Text(20000, '查明事实'),
  basis: Text(5000, '处理依据'),
  approverId: IdT('签发领导'),
};
const Organ = { targetOrganId: IdT('接收机关'), note: OptText() };

/** The input of each action, keyed like the transitions table. */
export const ACTION_INPUT_SCHEMAS: Record<ActionName, TSchema> = {
  forward: Type.Object(Organ),
  assign: Type.Object({ ...Organ, reportBackDue: DateT('办结报告期限') }),
  forward_political_legal: Type.Object(Organ),
  forward_discipline: Type.Object(Organ),
  report_major: Type.Object({ summary: Text(5000, '报告摘要'), reportedTo: Text(200, '报送机关') }),
  take_own_remit: Type.Object({ howHandled: Text(5000, '处理方式') }),
  forward_to_subordinate: Type.Object(Organ),
  redirect_outside: Type.Object({ competentAuthority: Text(200, '有权机关名称'), reason: Text(5000, '理由') }),
  merge_as_repeat: Type.Object({ earlierCaseId: IdT('原信访事项') }),
  object: Type.Object({ reason: Text(5000, '异议理由') }),
  approve_objection: Type.Object({ note: OptText() }),
  reject_objection: Type.Object({ reason: Text(5000, '不同意异议的理由') }),
  designate_lead_organ: Type.Object({ leadOrganId: IdT('受理机关'), mode: Enum(['agreement', 'superior_decision'] as const, '确定方式'), agreedOrganIds: Type.Optional(Type.Array(Id, { maxItems: 20, title: '协商一致的机关' })), note: OptText() }),
  accept: Type.Object({ note: OptText() }),
  decline: Type.Object({ reason: Text(5000, '不予受理理由'), basis: Text(5000, '依据'), channel: Text(500, '应当提出的途径') }),
  decline_terminated: Type.Object({ terminatedCaseId: IdT('已终结的原信访事项') }),
  divert: Type.Object({ route: Enum(['litigation', 'arbitration', 'administrative_review', 'party_appeal', 'other_statutory'] as const, '法定途径'), guidance: Text(5000, '书面引导意见') }),
  apply_simplified: Type.Object({ note: OptText() }),
  convert_to_normal: Type.Object({ reason: Text(5000, '转为普通程序的理由') }),
  record_hearing: Type.Object({ heldOn: DateT('听证日期'), summary: Text(5000, '听证情况') }),
  extend: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 365, title: '延期天数' }), reason: Text(5000, '延期理由'), approverId: IdT('审批领导') }),
  issue_opinion: Type.Object({ ...OpinionFields, form: Type.Optional(Enum(['opinion', 'mediation_agreement', 'settlement_agreement'] as const, '意见形式')) }),
  serve: Type.Object({ method: Enum(['in_person', 'mail', 'electronic'] as const, '送达方式'), servedOn: DateT('送达日期') }),
  submit_report: Type.Object({ text: Text(5000, '办结报告') }),
  approve_report: Type.Object({ note: OptText() }),
  return_report: Type.Object({ reason: Text(5000, '退回理由'), reportBackDue: DateT('新的办结报告期限') }),
  evaluate: Type.Object({ result: Enum(['satisfied', 'basically_satisfied', 'unsatisfied'] as const, '评价'), comment: OptText(2000, '意见') }),
  request_review: Type.Object({ requestedOn: Type.Optional(DateT('申请日期')), reasons: Text(5000, '复查请求及理由') }),
  accept_review: Type.Object({ note: OptText() }),
  decide_review: Type.Object({ ...OpinionFields, decision: Enum(['uphold', 'annul', 'change', 'redo'] as const, '复查决定') }),
  request_rereview: Type.Object({ requestedOn: Type.Optional(DateT('申请日期')), reasons: Text(5000, '复核请求及理由') }),
  accept_rereview: Type.Object({ note: OptText() }),
  start_hearing: Type.Object({ note: OptText() }),
  end_hearing: Type.Object({ summary: Text(5000, '听证情况') }),
  decide_rereview: Type.Object({ ...OpinionFields, decision: Enum(['uphold', 'annul', 'change'] as const, '复核决定') }),
  terminate: Type.Object({ note: OptText() }),
  close: Type.Object({ note: OptText() }),
  transfer_to_successor: Type.Object({ note: OptText() }),
  issue_supervision: Type.Object({ reason: Text(5000, '督办事由'), dueOn: DateT('反馈期限') }),
  answer_supervision: Type.Object({ answer: Text(5000, '反馈情况') }),
  declare_conflict: Type.Object({ reason: Text(5000, '回避理由') }),
  assign_handler: Type.Object({ userId: IdT('承办人') }),
};
