/**
 * Administration (AdminService, ReceptionRotaService, ReferenceData): organs, accounts and roles
 * (三员分立), a user's own recusal data, region codes, the reference lists, the reception rota.
 */
import { Type, type Static } from 'typebox';
import { ACTION_NAMES } from '../../domain/lifecycle/action-rules.js';
import { CASE_STATES } from '../../domain/model/case-states.js';
import { DOCUMENT_KINDS } from '../../domain/model/documents.js';
import { ROLES } from '../../domain/model/user.js';
import { named, ORGAN_KINDS, ORGAN_LEVELS } from '../../domain/schemas.js';
import { DATA_SCOPES } from './auth.js';
import { IdNumberT, Nullable } from './common.js';

// ——— organs ———

export const OrganInputT = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }), parentId: Nullable(Type.String({ maxLength: 100 })),
  level: Type.Enum(ORGAN_LEVELS),
  kind: Type.Enum(ORGAN_KINDS),
  regionCode: Nullable(Type.String({ pattern: '^[0-9]{6,12}$' })),
  system: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40, description: '职能系统（部门）：同一系统上下级部门填写相同名称，用于转送、交办本系统下级机关（第23条）' }))),
}, { additionalProperties: false });

export const OrganPatchT = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  successorId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
}, { additionalProperties: false });

// ——— accounts ———

export const UserRowT = Type.Object({
  id: Type.String(), username: Type.String(), name: Type.String(), organId: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)), dataScope: Type.Enum(DATA_SCOPES), active: Type.Boolean(),
  lockedUntil: Nullable(Type.String({ description: 'ISO 8601：登录锁定至' })),
  totpEnabled: Type.Boolean(),
}, named('UserRow'));

export const NewUserT = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 50 }),
  organId: Type.String({ maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 128 }),
}, { additionalProperties: false });

export const RolesBodyT = Type.Object({
  roles: Type.Array(Type.Enum(ROLES), { maxItems: 9 }), dataScope: Type.Optional(Type.Enum(DATA_SCOPES)),
}, { additionalProperties: false });
export const ActiveBodyT = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });
/** An administrator's password reset: the one-time password is generated unless given. */
export const PasswordBodyT = Type.Object({ password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false });
export const PasswordResetT = Type.Object({
  ok: Type.Literal(true),
  oneTimePassword: Type.String({ description: '一次性密码：告知本人，其下次登录须修改' }),
});

export const ConflictIdsT = Type.Object({
  idNumber: Nullable(IdNumberT), relativeIdNumbers: Type.Array(IdNumberT, { maxItems: 30 }),
}, { additionalProperties: false });

// ——— reference data ———

export const RegionT = Type.Object({
  code: Type.String({ description: 'GB/T 2260 代码' }), name: Type.String(), parentCode: Nullable(Type.String()),
  level: Type.Enum(['province', 'city', 'county', 'township', 'village']),
}, named('Region'));
export const RegionQueryT = Type.Object({ parent: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })) });
export const CategoryT = Type.Object({ code: Type.String(), name: Type.String(), parentCode: Nullable(Type.String()), level: Type.Integer({ minimum: 1, maximum: 3 }) }, named('Category'));
export const HealthT = Type.Object({ status: Type.Literal('ok'), database: Type.String() });
export const ReadyT = Type.Object({
  status: Type.Literal('ready'),
  checks: Type.Object({ database: Type.Boolean(), migrations: Type.Boolean(), calendar: Type.Boolean() }),
});

// ——— reception rota (领导接访安排) ———

const NullableText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
export const RotaInputT = Type.Object({
  organId: Type.String({ minLength: 1, maxLength: 100 }), weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 星期一 … 7 星期日' }),
  time: Type.String({ minLength: 11, maxLength: 11, description: 'HH:MM-HH:MM' }), leader: NullableText(50), place: NullableText(100),
}, { additionalProperties: false });
export const RotaEntryT = Type.Object({
  id: Type.String(), organId: Type.String(), organ: Type.String(), weekday: Type.Integer(), weekdayLabel: Type.String(), time: Type.String(),
  leader: Nullable(Type.String()), place: Nullable(Type.String()),
}, named('RotaEntry'));

export type OrganInput = Static<typeof OrganInputT>;
export type OrganPatch = Static<typeof OrganPatchT>;
export type UserRow = Static<typeof UserRowT>;
export type NewUser = Static<typeof NewUserT>;
export type ConflictIds = Static<typeof ConflictIdsT>;
export type Region = Static<typeof RegionT>;
export type RotaInput = Static<typeof RotaInputT>;
export type RotaEntry = Static<typeof RotaEntryT>;

/** A row of the lifecycle rules table (GET /api/rules/transitions; docs/lifecycle-rules.md prints the same). */
export const TransitionRuleT = Type.Object({
  action: Type.Enum(ACTION_NAMES), label: Type.String(), basis: Type.String({ description: '《信访工作条例》依据' }),
  from: Type.Array(Type.Object({ state: Type.Enum(CASE_STATES), label: Type.String(), to: Type.Array(Type.Enum(CASE_STATES)) })),
  roles: Type.Array(Type.Enum(ROLES)), petitioner: Type.Boolean({ description: '信访人可在门户进行' }),
  organ: Type.Array(Type.String({ description: '操作人所在机关与本件的关系' })),
  requires: Type.Array(Type.String()), issues: Type.Array(Type.Enum(DOCUMENT_KINDS)),
});
