/** Notification templates (system administrator) and the workbench reminders of the logged-in staff member. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { NotificationService } from '../../notify/service.js';
import { staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 404: ErrorT, 409: ErrorT, 422: ErrorT };

const TemplateT = Type.Object({
  key: Type.String(), label: Type.String(), body: Type.String(), defaultBody: Type.String(), customised: Type.Boolean(),
  placeholders: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), required: Type.Boolean() })),
  updatedBy: Type.Union([Type.String(), Type.Null()]), updatedAt: Type.Union([Type.String(), Type.Null()]),
});
const ReminderT = Type.Object({
  key: Type.String(), kind: Type.Union([Type.Literal('due_soon'), Type.Literal('overdue'), Type.Literal('supervision'), Type.Literal('approval'), Type.Literal('calendar_year')]),
  caseId: Type.String(), caseNumber: Type.String(), title: Type.String(),
  due: Type.Union([Type.String(), Type.Null()]), daysLeft: Type.Union([Type.Integer(), Type.Null()]), at: Type.String(), read: Type.Boolean(),
  /** The due date is provisional (预计: its year's holiday notice is not entered yet). */
  provisional: Type.Boolean(),
  /** Where the reminder leads in the workbench when it is not a case (calendar_year: /calendar). */
  link: Type.Optional(Type.String()),
});

export async function registerNotificationRoutes(app: FastifyInstance, notifications: NotificationService): Promise<void> {
  app.get('/api/admin/notification-templates', {
    schema: { tags: ['admin'], summary: '短信通知模板（系统管理员）', response: { 200: Type.Array(TemplateT), ...errors } },
  }, async (req) => notifications.listTemplates(staff(req)));

  app.put('/api/admin/notification-templates/:key', {
    schema: {
      tags: ['admin'], summary: '修改短信通知模板（系统管理员；占位符须为本模板支持的，修改后发出的短信即采用新模板）',
      params: Type.Object({ key: Type.String({ pattern: '^[a-z_]{1,40}$' }) }),
      body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
      response: { 200: TemplateT, ...errors },
    },
  }, async (req) => notifications.saveTemplate(staff(req), (req.params as { key: string }).key, (req.body as { body: string }).body));

  app.get('/api/reminders', {
    schema: { tags: ['workbench'], summary: '我的提醒：3日内到期、已超期的待办件，本机关承办件的督办；系统管理员：下一年度节假日安排尚未录入（11月1日起）', response: { 200: Type.Object({ items: Type.Array(ReminderT), unread: Type.Integer() }), ...errors } },
  }, async (req) => notifications.reminders(staff(req)));

  app.post('/api/reminders/read', {
    schema: {
      tags: ['workbench'], summary: '将提醒标为已读',
      body: Type.Object({ keys: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ unread: Type.Integer() }), ...errors },
    },
  }, async (req) => notifications.markRead(staff(req), (req.body as { keys: string[] }).keys));
}
