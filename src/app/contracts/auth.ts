/** Log-in, the current user, password change, the TOTP second factor, session revocation (AuthService). */
import { Type, type Static } from 'typebox';
import { ROLES } from '../../domain/model/user.js';
import { named, OrganT } from '../../domain/schemas.js';
import { OkT } from './common.js';

export const TotpCodeT = Type.String({ minLength: 1, maxLength: 12, description: '动态验证码（6位数字）' });
const Password = Type.String({ minLength: 1, maxLength: 200 });

export const LoginBodyT = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }), password: Password, totp: Type.Optional(TotpCodeT),
}, { additionalProperties: false });

export const DATA_SCOPES = ['organ', 'organ_and_subordinates', 'assigned'] as const;
/**
 * A staff member as the API shows them: never the keyed indexes of their own and relatives' ID
 * numbers (StaffUser.conflictKeys), which only the engine's recusal check reads.
 */
export const StaffUserViewT = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.String(), organId: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  dataScope: Type.Enum(DATA_SCOPES, { description: 'organ 本机关；organ_and_subordinates 本机关及下级；assigned 分办给本人的' }),
}, named('StaffUser'));

export const LoginResultT = Type.Object({
  token: Type.String({ description: '会话令牌（亦以 HttpOnly Cookie 下发）；可作 Authorization: Bearer' }),
  csrfToken: Type.String({ description: '以 Cookie 会话提交写请求时放入 x-csrf-token 头' }),
  expiresAt: Type.String({ description: 'ISO 8601' }),
  user: StaffUserViewT,
});

export const MeT = Type.Object({
  user: StaffUserViewT,
  organ: Type.Optional(OrganT),
  csrfToken: Type.Optional(Type.String()),
  sessionExpiresAt: Type.Optional(Type.String({ description: 'ISO 8601：会话最长到期时间' })),
  idleExpiresAt: Type.Optional(Type.String({ description: 'ISO 8601：无操作到期时间' })),
  totpEnabled: Type.Boolean(),
});

export const PasswordChangeT = Type.Object({ oldPassword: Password, newPassword: Password }, { additionalProperties: false });
export const RevokedT = Type.Object({ ok: Type.Literal(true), revokedSessions: Type.Integer({ description: '结束的会话数' }) });
export const TotpSetupT = Type.Object({ secret: Type.String({ description: 'Base32 密钥' }), otpauthUrl: Type.String() });
export const TotpEnableT = Type.Object({ code: TotpCodeT }, { additionalProperties: false });
export const TotpDisableT = Type.Object({ password: Password, code: TotpCodeT }, { additionalProperties: false });
export const TotpStateT = Type.Object({ ok: Type.Literal(true), totpEnabled: Type.Boolean() });
export { OkT };

export type StaffUserView = Static<typeof StaffUserViewT>;
export type Me = Static<typeof MeT>;
