/** The audit trail as the 安全审计员 reads it (AuditLogService): search, chain verification, CSV export. */
import { Type, type Static } from 'typebox';
import { named } from '../../domain/schemas.js';
import { AuditFilterT, AuditRowT, VerifyResultT } from '../../security/audit-trail.js';
import { paging } from './common.js';

/**
 * The filter of a search and an export: the trail's own (AuditFilterT), and `actor`, a username
 * (auditors seldom know user ids), which AuditLogService turns into an actorId.
 */
const F = AuditFilterT.properties;
const Filter = {
  from: F.from, to: F.to, actorId: F.actorId,
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人用户名（审计员通常只知道用户名）' })),
  action: F.action, targetType: F.targetType, targetId: F.targetId, outcome: F.outcome,
};
export const AuditExportQueryT = Type.Object(Filter, { additionalProperties: false });
export const AuditQueryT = Type.Object({ ...Filter, ...paging(500) }, { additionalProperties: false });

/** A stored entry (AuditRowT) with the names shown beside the ids. */
export const AuditEntryT = Type.Object({
  ...AuditRowT.properties,
  actorName: Type.Optional(Type.String({ description: '操作人姓名（显示用）' })), actorOrganName: Type.Optional(Type.String({ description: '机关名称（显示用）' })),
  actorKind: Type.Enum(['staff', 'petitioner', 'system'], { description: '操作人：工作人员、信访人（网上信访平台）或系统' }),
  targetLabel: Type.Optional(Type.String({ description: '对象的名称（显示用）：信访事项编号、账户姓名或机关名称' })),
}, named('AuditEntry'));
export const AuditPageT = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(AuditEntryT) });

/** verify()'s answer, as the trail gives it. */
export const ChainCheckT = VerifyResultT;

export type AuditQuery = Static<typeof AuditQueryT>;
