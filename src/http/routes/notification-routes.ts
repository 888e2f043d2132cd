/** Notification templates (system administrator) and the workbench reminders of the logged-in staff member. */
import { Type } from 'typebox';
import { MarkReadBodyT, RemindersT, TemplateBodyT, TemplateKeyParamsT, TemplateViewT, UnreadT } from '../../notify/contracts.js';
import type { NotificationService } from '../../notify/service.js';
import { staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';

export function registerNotificationRoutes(app: App, notifications: NotificationService): void {
  app.get('/api/admin/notification-templates', {
    schema: { tags: ['admin'], summary: '短信通知模板（系统管理员）', response: { 200: Type.Array(TemplateViewT), ...errors(401, 403) } },
  }, async (req) => notifications.listTemplates(staff(req)));

  app.put('/api/admin/notification-templates/:key', {
    schema: {
      tags: ['admin'], summary: '修改短信通知模板（系统管理员；占位符须为本模板支持的，修改后发出的短信即采用新模板）',
      params: TemplateKeyParamsT, body: TemplateBodyT,
      response: { 200: TemplateViewT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => notifications.saveTemplate(staff(req), req.params.key, req.body.body));

  app.get('/api/reminders', {
    schema: { tags: ['workbench'], summary: '我的提醒：3日内到期、已超期的待办件，本机关承办件的督办；系统管理员：下一年度节假日安排尚未录入（11月1日起）', response: { 200: RemindersT, ...errors(401) } },
  }, async (req) => notifications.reminders(staff(req)));

  app.post('/api/reminders/read', {
    schema: { tags: ['workbench'], summary: '将提醒标为已读', body: MarkReadBodyT, response: { 200: UnreadT, ...errors(400, 401, 403) } },
  }, async (req) => notifications.markRead(staff(req), req.body.keys));
}
