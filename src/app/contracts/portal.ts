/**
 * The petitioner's portal (/api/public/*, docs/portal-api.md; PortalService, PortalSessions): the
 * guide, online submission, follow-up by query code and SMS code, the public view of one's own case
 * (a whitelist: no staff names, internal notes or inter-organ slips), evaluation and appeals.
 */
import { Type, type Static } from 'typebox';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';
import { CASE_STATES } from '../../domain/model/case-states.js';
import { AttachmentT, named, PETITION_KINDS } from '../../domain/schemas.js';
import { DocumentContentT } from './documents.js';
import { CategoryCodeT, Nullable, PhoneT, RegionCodeT, Sha256T } from './common.js';

const Str = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
/** An uploaded file named in a submission or an appeal (POST /api/public/attachments answered its sha256). */
export const AttachmentRefT = Type.Object({
  name: Str(255), mimeType: Type.Optional(Str(100)), size: Type.Optional(Type.Integer({ minimum: 0 })), sha256: Sha256T,
}, { ...named('AttachmentRef'), additionalProperties: false });

// ——— guide and reference data ———

export const GuideT = Type.Object({
  offices: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), level: Type.String({ description: '省级、市级、县级、乡镇级' }), duties: Type.String() })),
  rota: Type.Array(Type.Object({
    organ: Type.String(), weekday: Type.String({ description: '星期一 … 星期日' }), time: Type.String(),
    leader: Type.Optional(Type.String()), place: Type.Optional(Type.String()),
  }), { description: '领导接访安排' }),
  timeLimits: Type.Array(Type.Object({ title: Type.String(), text: Type.String() }), { description: '法定期限' }),
});
export const PublicOrganT = Type.Object({ id: Type.String(), name: Type.String() });
export const PublicOrgansQueryT = Type.Object({ regionCode: RegionCodeT });

// ——— submission (网上信访) ———

export const PublicSubmissionT = Type.Object({
  petitioner: Type.Object({
    kind: Type.Enum(['person', 'organisation']),
    name: Str(100), idNumber: Type.Optional(Str(30)), phone: Str(30), address: Type.Optional(Str(200)),
  }, { additionalProperties: false }),
  title: Str(100), requests: Type.Array(Str(1000), { maxItems: 10 }), facts: Str(10000), reasons: Str(10000),
  regionCode: RegionCodeT,
  organConcernedId: Type.Optional(Str(100, 1)), categoryCode: Type.Optional(CategoryCodeT),
  kind: Type.Optional(Type.Enum(PETITION_KINDS, { description: '信访类别；默认申诉求决类' })),
  attachments: Type.Array(AttachmentRefT, { maxItems: 5 }),
}, { additionalProperties: false });

export const ReceiptT = Type.Object({
  caseNumber: Type.String(), queryCode: Type.String({ description: '查询码：凭查询码和手机号码查询办理进展' }), receivedOn: IsoDateT,
  office: Type.String({ description: '登记的信访部门' }),
});

// ——— follow-up ———

export const ChallengeBodyT = Type.Object({
  queryCode: Type.String({ pattern: '^[0-9A-Za-z\\s-]{4,20}$' }), phone: PhoneT,
}, { additionalProperties: false });
export const ChallengeT = Type.Object({
  challengeId: Type.String(), expiresAt: Type.String({ description: 'ISO 8601' }),
  demoCode: Type.Optional(Type.String({ description: '演示环境：短信验证码直接返回' })),
});
export const VerifyBodyT = Type.Object({
  challengeId: Type.String({ pattern: '^[0-9a-f-]{36}$' }), code: Type.String({ pattern: '^\\s*[0-9]{6}\\s*$' }),
}, { additionalProperties: false });
export const VerifiedT = Type.Object({ caseNumber: Type.String() });

// ——— the petitioner's case ———

export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

export const PublicStepT = Type.Object({
  on: IsoDateT, at: Type.String({ description: 'ISO 8601' }), label: Type.String(), organ: Type.String(),
  text: Type.Optional(Type.String()), documentId: Type.Optional(Type.String()),
}, named('PublicStep'));
export const PublicDocumentT = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), docNumber: Type.String(), organ: Type.String(), issuedOn: IsoDateT,
  data: Type.Record(Type.String(), Type.Unknown(), { description: '文书中信访人可见的内容（按文书种类列明的字段）' }),
  content: DocumentContentT,
}, named('PublicDocument'));
export const PublicCaseT = Type.Object({
  number: Type.String(), title: Type.String(), channel: Type.String({ description: '信访形式（中文）' }), receivedOn: IsoDateT,
  state: Type.Enum(CASE_STATES), stateLabel: Type.String(),
  final: Type.Boolean({ description: '复核意见已送达：为最终意见（第36条第3款）' }), finalityNote: Type.Optional(Type.String()),
  steps: Type.Array(PublicStepT), documents: Type.Array(PublicDocumentT),
  evaluation: Type.Object({
    open: Type.Boolean(), due: Type.Optional(IsoDateT), daysLeft: Type.Optional(Type.Integer()),
    pending: Type.Array(Type.Object({ documentId: Type.String(), title: Type.String() })),
    done: Type.Array(Type.Object({ documentId: Type.String(), rating: Type.Enum(RATINGS) })),
  }),
  appeal: Type.Object({
    kind: Nullable(Type.Enum(['review', 'rereview'])), open: Type.Boolean(), due: Type.Optional(IsoDateT),
    provisional: Type.Optional(Type.Boolean({ description: '期限所在年份的节假日安排尚未录入：预计' })), daysLeft: Type.Optional(Type.Integer()), reason: Type.Optional(Type.String()),
  }, { description: '复查、复核申请' }),
  attachments: Type.Array(AttachmentT),
}, named('PublicCase'));
export const RightsCardT = Type.Object({
  number: Type.String(), title: Type.String(), petitionerName: Type.String({ description: '已脱敏' }), receivedOn: IsoDateT,
  stateLabel: Type.String(), steps: Type.Array(PublicStepT), office: Type.String(), queryHint: Type.String(),
});

export const EvaluationBodyT = Type.Object({
  documentId: Str(100, 1), rating: Type.Enum(RATINGS), comment: Type.Optional(Str(2000)),
}, { additionalProperties: false });
export const AppealBodyT = Type.Object({
  kind: Type.Enum(['review', 'rereview']), reasons: Str(5000),
  attachments: Type.Optional(Type.Array(AttachmentRefT, { maxItems: 5 })),
}, { additionalProperties: false });

export type PublicSubmission = Static<typeof PublicSubmissionT>;
export type Receipt = Static<typeof ReceiptT>;
export type Rating = (typeof RATINGS)[number];
export type PublicStep = Static<typeof PublicStepT>;
export type PublicDocument = Static<typeof PublicDocumentT>;
export type PublicCase = Static<typeof PublicCaseT>;
export type Guide = Static<typeof GuideT>;
