/** The working-day calendar and rules profiles as administered data; changing either recomputes open deadlines. */
import { addDays, isIsoDate, yearOf, type IsoDate } from '../domain/calendar/dates.js';
import { computeDueDetail, type DayUnit, type DueDetail } from '../domain/calendar/deadlines.js';
import { statutoryHolidays } from '../domain/calendar/provisional-years.js';
import { validateYearCalendar, type YearCalendar } from '../domain/calendar/holiday-calendar.js';
import { DomainError, must } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import type { RulesProfile } from '../domain/rules/profiles.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import type { AuditSink } from './audit-sink.js';
import type { ClockRecomputation, RecomputeJobView } from './clock-recomputation.js';
import type { Clock } from './clock.js';
import { requireRole } from './require-role.js';
import type { ReferenceData } from './reference-data.js';

export class CalendarService {
  constructor(
    private readonly db: Db, private readonly ref: ReferenceData,
    private readonly audit: AuditSink, private readonly clock: Clock, private readonly recompute: ClockRecomputation,
  ) {}

  /**
   * Due date under the national profile's counting rules (start day not counted, roll forward for
   * calendar days), provisional when the count consulted a year without its notice. 422
   * CALENDAR_YEAR_UNSUPPORTED outside 2004–2100 (see library-years.ts).
   */
  async dueDate(start: IsoDate, days: number, unit: DayUnit): Promise<DueDetail & { due: IsoDate }> {
    if (!isIsoDate(start)) throw new DomainError('INPUT_INVALID', '起算日期不是有效日期（YYYY-MM-DD）', { field: 'start' });
    const snap = await this.ref.get();
    const r = computeDueDetail({ start, rule: { days, unit, rollForward: unit === 'calendar' } }, snap.calendar);
    return { due: must(r.due, 'a due date (only a paused period has none)'), provisional: r.provisional };
  }

  /**
   * Every day of a year with its kind, for the calendar screen; a provisional year says so and
   * lists the statutory holidays it was computed from.
   */
  async year(year: number) {
    const snap = await this.ref.get();
    const source = snap.calendar.yearSource(year);
    if (!source) {
      const range = snap.calendar.supportedYears();
      throw new DomainError('CALENDAR_YEAR_UNSUPPORTED', `${year}年不在工作日历支持的年份范围${range ? `（${range.first}年至${range.last}年）` : ''}内`, { year });
    }
    const days: { date: IsoDate; working: boolean }[] = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) days.push({ date: d, working: snap.calendar.isWorkingDay(d) });
    const provisional = source === 'provisional';
    return { year, source, provisional, days, ...(provisional ? { statutoryHolidays: statutoryHolidays(year) } : {}) };
  }

  /**
   * Enter a year's State Council notice (国务院办公厅关于…部分节假日安排的通知). It overrides the
   * library for that year; the recomputation of every open deadline is queued with it and runs in
   * the background (clock-recomputation.ts). System administrator only.
   */
  async enterYear(user: StaffUser, y: Omit<YearCalendar, 'source'>, noticeRef: string): Promise<{ job: RecomputeJobView }> {
    requireRole(user, 'system_admin');
    const year: YearCalendar = { ...y, source: 'official-notice' };
    validateYearCalendar(year);
    if (!noticeRef.trim()) throw new DomainError('INPUT_REQUIRED', '请填写通知文号或标题', { field: 'noticeRef' });
    const job = await this.db.transaction(async (tx) => {
      const row = {
        holidays: [...year.holidays].sort(), makeupWorkdays: [...year.makeupWorkdays].sort(), noticeRef, enteredBy: user.id, enteredAt: this.clock.now(),
      };
      await tx.insert(s.calendarYears).values({ year: year.year, ...row }).onConflictDoUpdate({ target: s.calendarYears.year, set: row });
      const queued = await this.recompute.enqueue(tx, { reason: 'calendar_notice', noticeRef, year: year.year, requestedBy: user.id });
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'calendar.enter_year', targetType: 'calendar', targetId: String(year.year), outcome: 'ok',
        detail: { noticeRef, holidays: year.holidays.length, makeupWorkdays: year.makeupWorkdays.length, recomputeJob: queued.id, openCases: queued.total },
      });
      return queued;
    });
    // The cache first: the job's batches read the calendar from it.
    await this.ref.refresh();
    this.recompute.kick();
    return { job };
  }

  async listProfiles(): Promise<RulesProfile[]> {
    return [...(await this.ref.get()).profiles.values()];
  }

  /** Change a rules profile's limits (system administrator): the open cases under it are recomputed in the background. */
  async saveProfile(user: StaffUser, profile: RulesProfile): Promise<{ job: RecomputeJobView }> {
    requireRole(user, 'system_admin');
    for (const [k, r] of Object.entries({ ...profile.limits, ...Object.fromEntries(Object.entries(profile.simplified).map(([k2, v]) => [`simplified.${k2}`, v])) })) {
      if (!Number.isInteger(r.days) || r.days < 0 || r.days > 365 || !['calendar', 'working'].includes(r.unit)) {
        throw new DomainError('PROFILE_INVALID', `期限规则${k}不正确：天数应为0–365的整数，单位为自然日或工作日`, { rule: k });
      }
    }
    if (!Number.isInteger(profile.maxExtensionDays) || profile.maxExtensionDays < 0 || profile.maxExtensionDays > 90) {
      throw new DomainError('PROFILE_INVALID', '延期上限应为0–90的整数', { field: 'maxExtensionDays' });
    }
    const job = await this.db.transaction(async (tx) => {
      await tx.insert(s.rulesProfiles).values({ id: profile.id, name: profile.name, data: profile, updatedAt: this.clock.now() })
        .onConflictDoUpdate({ target: s.rulesProfiles.id, set: { name: profile.name, data: profile, updatedAt: this.clock.now() } });
      const queued = await this.recompute.enqueue(tx, { reason: 'profile', profileId: profile.id, requestedBy: user.id });
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'profile.save', targetType: 'rules_profile', targetId: profile.id, outcome: 'ok',
        detail: { recomputeJob: queued.id, openCases: queued.total },
      });
      return queued;
    });
    await this.ref.refresh();
    this.recompute.kick();
    return { job };
  }

  /** The latest recomputation jobs with their progress (system administrator). */
  async recomputeJobs(user: StaffUser): Promise<{ items: RecomputeJobView[] }> {
    requireRole(user, 'system_admin');
    return { items: await this.recompute.latest() };
  }
}

/**
 * The years whose State Council notice should be entered now: this year while it is still
 * provisional, and from 1 November (China date) next year while it is.
 */
export function pendingNoticeYears(calendar: HolidayCalendar, today: IsoDate): number[] {
  const y = yearOf(today);
  const candidates = today.slice(5) >= '11-01' ? [y, y + 1] : [y];
  return candidates.filter((c) => calendar.isProvisionalYear(c));
}
