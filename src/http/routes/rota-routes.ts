/** 领导接访安排: kept by the system administrator; the public list is part of GET /api/public/guide. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { ReceptionRotaService, RotaInput } from '../../app/reception-rota.js';
import { staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 404: ErrorT, 409: ErrorT, 422: ErrorT };
const Nullable = (t: ReturnType<typeof Type.String>) => Type.Optional(Type.Union([t, Type.Null()]));
export const RotaEntryT = Type.Object({
  id: Type.String(), organId: Type.String(), organ: Type.String(), weekday: Type.Integer(), weekdayLabel: Type.String(), time: Type.String(),
  leader: Type.Union([Type.String(), Type.Null()]), place: Type.Union([Type.String(), Type.Null()]),
});

export async function registerRotaRoutes(app: FastifyInstance, rota: ReceptionRotaService): Promise<void> {
  app.get('/api/admin/reception-rota', {
    schema: { tags: ['admin'], summary: '领导接访安排（系统管理员）', response: { 200: Type.Array(RotaEntryT), ...errors } },
  }, async (req) => rota.listForAdmin(staff(req)));

  app.post('/api/admin/reception-rota', {
    schema: {
      tags: ['admin'], summary: '新增领导接访安排（系统管理员；在门户办事指南公布）',
      body: Type.Object({
        organId: Type.String({ minLength: 1, maxLength: 100 }), weekday: Type.Integer({ minimum: 1, maximum: 7 }),
        time: Type.String({ minLength: 11, maxLength: 11 }), leader: Nullable(Type.String({ maxLength: 50 })), place: Nullable(Type.String({ maxLength: 100 })),
      }, { additionalProperties: false }),
      response: { 201: RotaEntryT, ...errors },
    },
  }, async (req, reply) => {
    reply.code(201 as never);
    return rota.add(staff(req), req.body as RotaInput);
  });

  app.delete('/api/admin/reception-rota/:id', {
    schema: { tags: ['admin'], summary: '删除领导接访安排（系统管理员）', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), response: { 204: Type.Null(), ...errors } },
  }, async (req, reply: FastifyReply) => {
    await rota.remove(staff(req), (req.params as { id: string }).id);
    return reply.code(204).send();
  });
}
