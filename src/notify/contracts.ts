/**
 * The notification contracts (NotificationService): the SMS templates the system administrator
 * edits and the staff reminders of the workbench's bell. Schemas once, types derived (see
 * src/app/contracts/common.ts).
 */
import { Type, type Static } from 'typebox';
import { named } from '../domain/schemas.js';
import { Nullable } from '../app/contracts/common.js';

export const TemplateViewT = Type.Object({
  key: Type.String(), label: Type.String(), body: Type.String(), defaultBody: Type.String(), customised: Type.Boolean(),
  placeholders: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), required: Type.Boolean() })),
  updatedBy: Nullable(Type.String()), updatedAt: Nullable(Type.String({ description: 'ISO 8601' })),
}, named('SmsTemplate'));
export const TemplateKeyParamsT = Type.Object({ key: Type.String({ pattern: '^[a-z_]{1,40}$' }) });
export const TemplateBodyT = Type.Object({ body: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });

export const REMINDER_KINDS = ['due_soon', 'overdue', 'supervision', 'recommendation', 'approval', 'calendar_year'] as const;
export const ReminderT = Type.Object({
  key: Type.String(), kind: Type.Enum(REMINDER_KINDS),
  caseId: Type.String({ description: '为 calendar_year 提醒时为 \'\'，见 link' }), caseNumber: Type.String(), title: Type.String(),
  due: Nullable(Type.String()), daysLeft: Nullable(Type.Integer()), at: Type.String(), read: Type.Boolean(),
  provisional: Type.Boolean({ description: '届满日所在年份的节假日安排尚未录入：预计' }),
  link: Type.Optional(Type.String({ description: '不是案件的提醒在工作台中的去处（calendar_year：/calendar）' })),
}, named('Reminder'));
export const RemindersT = Type.Object({ items: Type.Array(ReminderT), unread: Type.Integer() });
export const MarkReadBodyT = Type.Object({
  keys: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 }),
}, { additionalProperties: false });
export const UnreadT = Type.Object({ unread: Type.Integer() });

export type TemplateView = Static<typeof TemplateViewT>;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type Reminder = Static<typeof ReminderT>;
