/** Administration of organs, staff, roles (三员分立), region codes, and a user's own recusal data. */
import { Type } from 'typebox';
import type { AdminService } from '../../app/admin-service.js';
import { ActiveBodyT, ConflictIdsT, NewUserT, OrganInputT, OrganPatchT, PasswordBodyT, PasswordResetT, RegionQueryT, RegionT, RolesBodyT, UserRowT } from '../../app/contracts/admin.js';
import { CreatedT, IdParamsT, OkT } from '../../app/contracts/common.js';
import { regionChildren } from '../../app/regions.js';
import { staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';

export function registerAdminRoutes(app: App, admin: AdminService): void {
  app.get('/api/regions', {
    schema: { tags: ['reference'], summary: '行政区划（GB/T 2260）下级列表', querystring: RegionQueryT, response: { 200: Type.Array(RegionT), ...errors(400, 401) } },
  }, (req) => {
    staff(req);
    return regionChildren(req.query.parent ?? null);
  });

  app.post('/api/admin/organs', {
    schema: { tags: ['admin'], summary: '新增机关（系统管理员）', body: OrganInputT, response: { 201: CreatedT, ...errors(400, 401, 403, 404, 422) } },
  }, async (req, reply) => reply.code(201).send(await admin.createOrgan(staff(req), req.body)));
  app.patch('/api/admin/organs/:id', {
    schema: {
      tags: ['admin'], summary: '修改机关名称，或标记撤并并指定承继机关（系统管理员）', params: IdParamsT,
      body: OrganPatchT, response: { 200: OkT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    await admin.updateOrgan(staff(req), req.params.id, req.body);
    return { ok: true } as const;
  });

  app.get('/api/admin/users', {
    schema: { tags: ['admin'], summary: '用户列表（系统管理员、安全管理员）', response: { 200: Type.Array(UserRowT), ...errors(401, 403) } },
  }, async (req) => admin.listUsers(staff(req)));
  app.post('/api/admin/users', {
    schema: { tags: ['admin'], summary: '新建账户（系统管理员；角色由安全管理员授予）', body: NewUserT, response: { 201: CreatedT, ...errors(400, 401, 403, 404, 409, 422) } },
  }, async (req, reply) => reply.code(201).send(await admin.createUser(staff(req), req.body)));
  app.put('/api/admin/users/:id/roles', {
    schema: {
      tags: ['admin'], summary: '授予角色与数据权限（安全管理员；三员不得兼任，不得为自己授权）', params: IdParamsT,
      body: RolesBodyT, response: { 200: OkT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => {
    await admin.setRoles(staff(req), req.params.id, req.body.roles, req.body.dataScope);
    return { ok: true } as const;
  });
  app.put('/api/admin/users/:id/active', {
    schema: { tags: ['admin'], summary: '启用或停用账户（系统管理员；停用即注销其会话）', params: IdParamsT, body: ActiveBodyT, response: { 200: OkT, ...errors(400, 401, 403, 404, 422) } },
  }, async (req) => {
    await admin.setActive(staff(req), req.params.id, req.body.active);
    return { ok: true } as const;
  });
  app.put('/api/admin/users/:id/password', {
    schema: {
      tags: ['admin'], summary: '重置密码：发放一次性密码，下次登录须修改（普通账户由系统管理员、管理员账户由安全管理员重置；解除锁定并注销该用户全部会话）',
      params: IdParamsT, body: PasswordBodyT, response: { 200: PasswordResetT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const r = await admin.resetPassword(staff(req), req.params.id, req.body.password);
    void reply.header('cache-control', 'no-store');
    return { ok: true, oneTimePassword: r.oneTimePassword } as const;
  });
  app.put('/api/auth/me/conflicts', {
    schema: {
      tags: ['auth'], summary: '登记本人及近亲属身份证号码，用于自动回避（加密保存）',
      body: ConflictIdsT, response: { 200: OkT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => {
    await admin.setConflictIds(staff(req), req.body);
    return { ok: true } as const;
  });
}
