/** Administration of organs, staff, roles (三员分立), region codes, and a user's own recusal data. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AdminService } from '../../app/admin-service.js';
import { regionChildren } from '../../app/regions.js';
import { ROLES, type DataScope, type Role } from '../../domain/model/user.js';
import { staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 404: ErrorT, 409: ErrorT, 422: ErrorT };
const Lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const UserParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const IdNumber = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' });

export async function registerAdminRoutes(app: FastifyInstance, admin: AdminService): Promise<void> {
  app.get('/api/regions', {
    schema: { tags: ['reference'], summary: '行政区划（GB/T 2260）下级列表', querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })) }), response: errors },
  }, async (req) => {
    staff(req);
    return regionChildren((req.query as { parent?: string }).parent ?? null);
  });

  app.post('/api/admin/organs', {
    schema: {
      tags: ['admin'], summary: '新增机关（系统管理员）',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }), parentId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
        level: Lit(['province', 'city', 'county', 'township', 'village', 'department']),
        kind: Lit(['petition_office', 'handling_organ', 'discipline_inspection', 'political_legal']),
        regionCode: Type.Union([Type.String({ pattern: '^[0-9]{6,12}$' }), Type.Null()]),
        system: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40, description: '职能系统（部门）：同一系统上下级部门填写相同名称，用于转送、交办本系统下级机关（第23条）' }), Type.Null()])),
      }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    reply.code(201 as never);
    return admin.createOrgan(staff(req), req.body as never);
  });
  app.patch('/api/admin/organs/:id', {
    schema: {
      tags: ['admin'], summary: '修改机关名称，或标记撤并并指定承继机关（系统管理员）', params: UserParams,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), successorId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    await admin.updateOrgan(staff(req), (req.params as { id: string }).id, req.body as never);
    return { ok: true };
  });

  app.get('/api/admin/users', { schema: { tags: ['admin'], summary: '用户列表（系统管理员、安全管理员）', response: errors } }, async (req) => admin.listUsers(staff(req)));
  app.post('/api/admin/users', {
    schema: {
      tags: ['admin'], summary: '新建账户（系统管理员；角色由安全管理员授予）',
      body: Type.Object({ username: Type.String({ minLength: 3, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 50 }), organId: Type.String({ maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    reply.code(201 as never);
    return admin.createUser(staff(req), req.body as never);
  });
  app.put('/api/admin/users/:id/roles', {
    schema: {
      tags: ['admin'], summary: '授予角色与数据权限（安全管理员；三员不得兼任，不得为自己授权）', params: UserParams,
      body: Type.Object({ roles: Type.Array(Lit(ROLES), { maxItems: 9 }), dataScope: Type.Optional(Lit(['organ', 'organ_and_subordinates', 'assigned'])) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    const b = req.body as { roles: Role[]; dataScope?: DataScope };
    await admin.setRoles(staff(req), (req.params as { id: string }).id, b.roles, b.dataScope);
    return { ok: true };
  });
  app.put('/api/admin/users/:id/active', {
    schema: { tags: ['admin'], summary: '启用或停用账户（系统管理员；停用即注销其会话）', params: UserParams, body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }), response: errors },
  }, async (req) => {
    await admin.setActive(staff(req), (req.params as { id: string }).id, (req.body as { active: boolean }).active);
    return { ok: true };
  });
  app.put('/api/admin/users/:id/password', {
    schema: {
      tags: ['admin'], summary: '重置密码（系统管理员；解除锁定并注销该用户全部会话）', params: UserParams,
      body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }), response: errors,
    },
  }, async (req) => {
    await admin.resetPassword(staff(req), (req.params as { id: string }).id, (req.body as { password: string }).password);
    return { ok: true };
  });
  app.put('/api/auth/me/conflicts', {
    schema: {
      tags: ['auth'], summary: '登记本人及近亲属身份证号码，用于自动回避（加密保存）',
      body: Type.Object({ idNumber: Type.Union([IdNumber, Type.Null()]), relativeIdNumbers: Type.Array(IdNumber, { maxItems: 30 }) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    await admin.setConflictIds(staff(req), req.body as never);
    return { ok: true };
  });
}
