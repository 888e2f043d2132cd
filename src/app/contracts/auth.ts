/** Log-in, the current user, password change, the TOTP second factor, session revocation (AuthService). */
import { Type, type Static } from 'typebox';
import { ROLES, type DataScope } from '../../domain/model/user.js';
import { named, OrganT } from '../../domain/schemas.js';

export const TotpCodeT = Type.String({ minLength: 1, maxLength: 12, description: '动态验证码（6位数字）' });
const Password = Type.String({ minLength: 1, maxLength: 200 });

export const LoginBodyT = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }), password: Password, totp: Type.Optional(TotpCodeT),
}, { additionalProperties: false });

/** A staff member's data scope (the domain's DataScope): checked against the union by the compiler. */
export const DATA_SCOPES = ['organ', 'organ_and_subordinates', 'assigned'] as const satisfies readonly DataScope[];
/**
 * A staff member as the API shows them: never the keyed indexes of their own and relatives' ID
 * numbers (StaffUser.conflictKeys), which only the engine's recusal check reads.
 */
export const StaffUserViewT = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.String(), organId: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  dataScope: Type.Enum(DATA_SCOPES, { description: 'organ 本机关；organ_and_subordinates 本机关及下级；assigned 分办给本人的' }),
}, named('StaffUser'));

/** What the session may do (AuthService's SessionRestriction): null everything its roles allow. */
export const RestrictionT = Type.Union([Type.Literal('password_change'), Type.Literal('totp_enrolment'), Type.Null()], {
  description: 'null：不受限；password_change：须先修改管理员重置的一次性密码；totp_enrolment：须先启用动态验证码',
});
const ResetAtT = Type.Union([Type.String({ description: 'ISO 8601：管理员重置密码的时间（修改密码前）' }), Type.Null()]);

export const LoginResultT = Type.Object({
  token: Type.String({ description: '会话令牌（亦以 HttpOnly Cookie 下发）；可作 Authorization: Bearer' }),
  csrfToken: Type.String({ description: '以 Cookie 会话提交写请求时放入 x-csrf-token 头' }),
  expiresAt: Type.String({ description: 'ISO 8601' }),
  user: StaffUserViewT,
  restriction: RestrictionT,
  passwordResetAt: ResetAtT,
});

export const MeT = Type.Object({
  user: StaffUserViewT,
  organ: Type.Optional(OrganT),
  csrfToken: Type.Optional(Type.String()),
  sessionExpiresAt: Type.Optional(Type.String({ description: 'ISO 8601：会话最长到期时间' })),
  idleExpiresAt: Type.Optional(Type.String({ description: 'ISO 8601：无操作到期时间' })),
  totpEnabled: Type.Boolean(),
  restriction: RestrictionT,
  passwordResetAt: ResetAtT,
});

/** One event of the user's own account security history. */
export const SecurityEventT = Type.Object({
  seq: Type.Integer(), at: Type.String({ description: 'ISO 8601' }),
  action: Type.String({ description: 'auth.login、auth.lockout、user.password_reset 等' }),
  outcome: Type.String({ description: 'ok 成功，denied 拒绝' }),
  byOther: Type.Boolean({ description: '由他人（管理员）所为' }),
});

export const PasswordChangeT = Type.Object({ oldPassword: Password, newPassword: Password }, { additionalProperties: false });
export const RevokedT = Type.Object({ ok: Type.Literal(true), revokedSessions: Type.Integer({ description: '结束的会话数' }) });
export const TotpSetupT = Type.Object({ secret: Type.String({ description: 'Base32 密钥' }), otpauthUrl: Type.String() });
export const TotpEnableT = Type.Object({ code: TotpCodeT }, { additionalProperties: false });
export const TotpDisableT = Type.Object({ password: Password, code: TotpCodeT }, { additionalProperties: false });
export const TotpStateT = Type.Object({ ok: Type.Literal(true), totpEnabled: Type.Boolean() });

export type StaffUserView = Static<typeof StaffUserViewT>;
export type Me = Static<typeof MeT>;
