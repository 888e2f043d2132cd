/** The audit trail as the 安全审计员 reads it (AuditLogService): search, chain verification, CSV export. */
import { Type, type Static } from 'typebox';
import { named } from '../../domain/schemas.js';
import { Nullable, paging } from './common.js';

/** The filter of a search and an export: `actor` is a username (auditors seldom know user ids). */
const Filter = {
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '起始时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '截止时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人 ID' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人用户名（审计员通常只知道用户名）' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作；以 * 结尾为前缀匹配，如 case.*' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '对象类型' })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '对象 ID' })),
  outcome: Type.Optional(Type.Enum(['ok', 'denied', 'error'], { description: '结果：ok 成功，denied 拒绝，error 出错' })),
};
export const AuditExportQueryT = Type.Object(Filter, { additionalProperties: false });
export const AuditQueryT = Type.Object({ ...Filter, ...paging(500) }, { additionalProperties: false });

export const AuditEntryT = Type.Object({
  seq: Type.Integer(), at: Type.String({ description: 'ISO 8601（UTC）' }),
  actorId: Nullable(Type.String()), actorOrganId: Nullable(Type.String()),
  action: Type.String(), targetType: Type.String(), targetId: Nullable(Type.String()),
  outcome: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()), prevHash: Type.String(), hash: Type.String(),
  actorName: Type.Optional(Type.String({ description: '操作人姓名（显示用）' })), actorOrganName: Type.Optional(Type.String({ description: '机关名称（显示用）' })),
}, named('AuditEntry'));
export const AuditPageT = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(AuditEntryT) });

export const ChainCheckT = Type.Object({
  ok: Type.Boolean(), checked: Type.Integer({ description: '校验的条目数' }), headSeq: Type.Integer(),
  headHash: Type.String({ description: '链头 SM3 哈希：请定期抄存于系统之外' }),
  firstBroken: Nullable(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
});

export type AuditQuery = Static<typeof AuditQueryT>;
