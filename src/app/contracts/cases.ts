/**
 * Cases (CaseService): registration, the ledger (台账) and its filter, lookup of earlier petitions,
 * the case with its clocks, the actions possible now, events, documents, the petitioners in clear,
 * and the answer to an action. The action inputs are in src/domain/lifecycle/action-inputs.ts.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';
import { CASE_STATES } from '../../domain/model/case-states.js';
import { DOCUMENT_KINDS } from '../../domain/model/documents.js';
import { CaseRecordT, CHANNELS, ClockViewT, named, PETITION_KINDS, PetitionContentT, PetitionerT } from '../../domain/schemas.js';
import { CappedPageOf, CategoryCodeT, IdNumberT, Nullable, paging, PhoneT, RegionCodeT } from './common.js';

// ——— registration ———

export const RegisterBodyT = Type.Object({
  petition: PetitionContentT,
  simplified: Type.Optional(Type.Boolean({ description: '适用简易办理' })),
}, { additionalProperties: false });

export const RegisteredT = Type.Object({
  case: CaseRecordT,
  replayed: Type.Boolean({ description: '以同一 Idempotency-Key 重复提交：返回首次登记的结果' }),
  queryCode: Type.String({ description: '查询码：信访人凭查询码和手机号码在门户查询办理进展' }),
});

// ——— the ledger ———

/** The ledger's filters: GET /api/cases/ledger and its Excel export take the same. */
export const LedgerFilterT = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 40 })), open: Type.Optional(Type.Boolean()), channel: Type.Optional(Type.String({ maxLength: 20 })),
  kind: Type.Optional(Type.String({ maxLength: 20 })), categoryCode: Type.Optional(CategoryCodeT),
  holderOrganId: Type.Optional(Type.String({ maxLength: 100 })), regionCode: Type.Optional(RegionCodeT),
  receivedFrom: Type.Optional(IsoDateT), receivedTo: Type.Optional(IsoDateT), overdue: Type.Optional(Type.Boolean()), simplified: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** The ledger's filters with paging (GET /api/cases/ledger). */
export const CaseListFilterT = Type.Object({ ...LedgerFilterT.properties, ...paging(200) }, { additionalProperties: false });

/** A row of the ledger and of a lookup: the case's query columns with its countdown. */
export const CaseRowT = Type.Object({
  id: Type.String(), number: Type.String(), title: Type.String(),
  state: Type.Enum(CASE_STATES), channel: Type.Enum(CHANNELS), kind: Type.Enum(PETITION_KINDS),
  holderOrganId: Type.String(), receivedOn: IsoDateT,
  nextDue: Nullable(IsoDateT),
  nextDueProvisional: Type.Boolean({ description: 'nextDue 所在年份的节假日安排尚未录入，为预计日期' }),
  simplified: Type.Boolean(),
  daysLeft: Nullable(Type.Integer({ description: '距最近期限的天数（负数为已超期）' })),
  overdue: Type.Boolean(),
}, named('CaseRow'));
export const CasePageT = CappedPageOf(CaseRowT);

// ——— lookup of earlier petitions ———

export const LookupBodyT = Type.Object({
  idNumber: Type.Optional(IdNumberT),
  phone: Type.Optional(PhoneT),
}, { additionalProperties: false });
export const LookupResultT = Type.Object({ items: Type.Array(CaseRowT) });

// ——— one case ———

export const CaseDetailT = Type.Object({
  case: CaseRecordT,
  clocks: Type.Array(ClockViewT, { description: '各在办期限：届满日、剩余天数、是否超期' }),
  actingOrganId: Type.String({ description: '下一步应当办理的机关' }),
}, named('CaseDetail'));

export const PersonalDataT = Type.Object({ petitioners: Type.Array(PetitionerT) });
/** Why the full personal data is opened: asked every time, kept in the audit entry (issue 12). */
export const PersonalDataQueryT = Type.Object({
  reason: Type.String({ minLength: 2, maxLength: 100, pattern: '\\S', description: '查看事由（如：联系信访人、核实身份、送达文书），记入审计日志' }),
}, { additionalProperties: false });

/** The body of POST /api/cases/:id/actions/<action>: that action's input (action-inputs.ts). */
export const ActionBodyT = <I extends TSchema>(input: I) => Type.Object({
  input,
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1, description: '用户看到的版本：案件已被他人更新时答 409 VERSION_CONFLICT' })),
}, { additionalProperties: false });

export const ActedT = Type.Object({
  case: CaseRecordT,
  documents: Type.Array(Type.Object({ kind: Type.Enum(DOCUMENT_KINDS) }), { description: '本次操作出具的文书' }),
}, named('ActionResult'));

export type CaseListFilter = Static<typeof CaseListFilterT>;
export type LedgerFilter = Static<typeof LedgerFilterT>;
export type CaseRow = Static<typeof CaseRowT>;
export type LookupBy = Static<typeof LookupBodyT>;
export type CaseDetail = Static<typeof CaseDetailT>;
export type Acted = Static<typeof ActedT>;
