/** Route schemas (TypeBox → JSON Schema): they validate requests and generate the OpenAPI document. */
import { Type } from 'typebox';
import { IsoDateT } from '../domain/lifecycle/action-inputs.js';

export { ACTION_INPUT_SCHEMAS, IsoDateT } from '../domain/lifecycle/action-inputs.js';
const Text = (max = 5000) => Type.String({ minLength: 1, maxLength: max });
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

