/** 领导接访安排: kept by the system administrator; the public list is part of GET /api/public/guide. */
import { Type } from 'typebox';
import { RotaEntryT, RotaInputT } from '../../app/contracts/admin.js';
import { IdParamsT } from '../../app/contracts/common.js';
import type { ReceptionRotaService } from '../../app/reception-rota.js';
import { staff } from '../request-user.js';
import { errors, NoContentT, type App } from '../schemas.js';

export function registerRotaRoutes(app: App, rota: ReceptionRotaService): void {
  app.get('/api/admin/reception-rota', {
    schema: { tags: ['admin'], summary: '领导接访安排（系统管理员）', response: { 200: Type.Array(RotaEntryT), ...errors(401, 403) } },
  }, async (req) => rota.listForAdmin(staff(req)));

  app.post('/api/admin/reception-rota', {
    schema: {
      tags: ['admin'], summary: '新增领导接访安排（系统管理员；在门户办事指南公布）',
      body: RotaInputT, response: { 201: RotaEntryT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await rota.add(staff(req), req.body)));

  app.put('/api/admin/reception-rota/:id', {
    schema: {
      tags: ['admin'], summary: '修改领导接访安排（系统管理员；门户办事指南即时更新）',
      params: IdParamsT, body: RotaInputT, response: { 200: RotaEntryT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => rota.update(staff(req), req.params.id, req.body));

  app.delete('/api/admin/reception-rota/:id', {
    schema: { tags: ['admin'], summary: '删除领导接访安排（系统管理员）', params: IdParamsT, response: { 204: NoContentT, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    await rota.remove(staff(req), req.params.id);
    return reply.code(204).send(null);
  });
}
