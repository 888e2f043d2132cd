/** The working-day calendar and the rules profiles (CalendarService). */
import { Type, type Static } from 'typebox';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';
import { RulesProfileT } from '../../domain/schemas.js';

export const DueDateQueryT = Type.Object({
  start: IsoDateT, days: Type.Integer({ minimum: 0, maximum: 3650 }), unit: Type.Enum(['calendar', 'working']),
});
export const DueDateT = Type.Object({
  due: IsoDateT,
  provisional: Type.Boolean({ description: '期限经过尚未录入节假日安排的年份：预计，以国务院公布的节假日安排为准' }),
});

export const YearParamsT = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2100 }) });
export const YearViewT = Type.Object({
  year: Type.Integer(),
  source: Type.Enum(['library', 'official-notice', 'provisional'], { description: 'library 内置数据；official-notice 已录入的国务院办公厅通知；provisional 预计' }),
  provisional: Type.Boolean(),
  days: Type.Array(Type.Object({ date: IsoDateT, working: Type.Boolean() })),
  statutoryHolidays: Type.Optional(Type.Array(Type.Object({
    date: IsoDateT, name: Type.Enum(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']),
    basis: Type.String({ description: '日期的依据：农历除夕、正月初一、清明（节气）…' }),
  }), { description: '预计年份所依据的法定节假日（《全国年节及纪念日放假办法》）' })),
});

export const YearNoticeT = Type.Object({
  noticeRef: Type.String({ minLength: 1, maxLength: 200 }),
  holidays: Type.Array(IsoDateT, { maxItems: 60 }),
  makeupWorkdays: Type.Array(IsoDateT, { maxItems: 30 }),
}, { additionalProperties: false });

export const ProfileParamsT = Type.Object({ id: RulesProfileT.properties.id });
/**
 * A rules profile as sent to PUT /api/profiles/:id: the profile, its id taken from the path (an `id`
 * in the body, as GET /api/profiles gives it, is ignored); fields added after the first version
 * (evaluationDays, lateApprovalOfTimelyRequest, indicatorTargets) may be left out and take the national default.
 */
export const ProfileBodyT = Type.Object({
  ...RulesProfileT.properties,
  id: Type.Optional(RulesProfileT.properties.id),
  evaluationDays: Type.Optional(RulesProfileT.properties.evaluationDays),
  lateApprovalOfTimelyRequest: Type.Optional(RulesProfileT.properties.lateApprovalOfTimelyRequest),
  indicatorTargets: Type.Optional(RulesProfileT.properties.indicatorTargets),
}, { additionalProperties: false });

export type YearView = Static<typeof YearViewT>;
export type ProfileBody = Static<typeof ProfileBodyT>;
