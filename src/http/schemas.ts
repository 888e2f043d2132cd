/** Route schemas (TypeBox → JSON Schema): they validate requests and generate the OpenAPI document. */
import { Type, type TSchema } from 'typebox';
import type { ActionName } from '../domain/lifecycle/transitions.js';

export const IsoDateT = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）' });
const Text = (max = 5000) => Type.String({ minLength: 1, maxLength: max });
const OptText = (max = 2000) => Type.Optional(Type.String({ maxLength: max }));
const Id = Type.String({ minLength: 1, maxLength: 100 });
const Enum = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

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
  outcomes: Type.Array(Type.Object({ requestNo: Type.Integer({ minimum: 1 }), outcome: Enum(['support', 'explain', 'not_support'] as const), reasoning: Text(5000) }, { additionalProperties: false }), { maxItems: 50 }),
  facts: Text(20000),
  basis: Text(5000),
  approverId: Id,
};
const Organ = { targetOrganId: Id, note: OptText() };

/** The input of each action, keyed like the transitions table. */
export const ACTION_INPUT_SCHEMAS: Record<ActionName, TSchema> = {
  forward: Type.Object(Organ),
  assign: Type.Object({ ...Organ, reportBackDue: IsoDateT }),
  forward_political_legal: Type.Object(Organ),
  forward_discipline: Type.Object(Organ),
  report_major: Type.Object({ summary: Text(), reportedTo: Text(200) }),
  take_own_remit: Type.Object({ howHandled: Text() }),
  forward_to_subordinate: Type.Object(Organ),
  redirect_outside: Type.Object({ competentAuthority: Text(200), reason: Text() }),
  merge_as_repeat: Type.Object({ earlierCaseId: Id }),
  object: Type.Object({ reason: Text() }),
  approve_objection: Type.Object({ note: OptText() }),
  reject_objection: Type.Object({ reason: Text() }),
  designate_lead_organ: Type.Object({ leadOrganId: Id, mode: Enum(['agreement', 'superior_decision'] as const), agreedOrganIds: Type.Optional(Type.Array(Id, { maxItems: 20 })), note: OptText() }),
  accept: Type.Object({ note: OptText() }),
  decline: Type.Object({ reason: Text(), basis: Text(), channel: Text(500) }),
  decline_terminated: Type.Object({ terminatedCaseId: Id }),
  divert: Type.Object({ route: Enum(['litigation', 'arbitration', 'administrative_review', 'party_appeal', 'other_statutory'] as const), guidance: Text() }),
  apply_simplified: Type.Object({ note: OptText() }),
  convert_to_normal: Type.Object({ reason: Text() }),
  record_hearing: Type.Object({ heldOn: IsoDateT, summary: Text() }),
  extend: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 365 }), reason: Text(), approverId: Id }),
  issue_opinion: Type.Object({ ...OpinionFields, form: Type.Optional(Enum(['opinion', 'mediation_agreement', 'settlement_agreement'] as const)) }),
  serve: Type.Object({ method: Enum(['in_person', 'mail', 'electronic'] as const), servedOn: IsoDateT }),
  submit_report: Type.Object({ text: Text() }),
  approve_report: Type.Object({ note: OptText() }),
  return_report: Type.Object({ reason: Text(), reportBackDue: IsoDateT }),
  evaluate: Type.Object({ result: Enum(['satisfied', 'basically_satisfied', 'unsatisfied'] as const), comment: OptText() }),
  request_review: Type.Object({ requestedOn: Type.Optional(IsoDateT), reasons: Text() }),
  accept_review: Type.Object({ note: OptText() }),
  decide_review: Type.Object({ ...OpinionFields, decision: Enum(['uphold', 'annul', 'change', 'redo'] as const) }),
  request_rereview: Type.Object({ requestedOn: Type.Optional(IsoDateT), reasons: Text() }),
  accept_rereview: Type.Object({ note: OptText() }),
  start_hearing: Type.Object({ note: OptText() }),
  end_hearing: Type.Object({ summary: Text() }),
  decide_rereview: Type.Object({ ...OpinionFields, decision: Enum(['uphold', 'annul', 'change'] as const) }),
  terminate: Type.Object({ note: OptText() }),
  close: Type.Object({ note: OptText() }),
  transfer_to_successor: Type.Object({ note: OptText() }),
  issue_supervision: Type.Object({ reason: Text(), dueOn: IsoDateT }),
  answer_supervision: Type.Object({ answer: Text() }),
  declare_conflict: Type.Object({ reason: Text() }),
  assign_handler: Type.Object({ userId: Id }),
};
