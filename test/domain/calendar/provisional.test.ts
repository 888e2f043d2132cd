/**
 * The provisional calendar of a year without its State Council notice (provisional-years.ts):
 * checked against the real notices of 2025 and 2026, and against 2027 dates counted by hand from
 * published astronomical tables (never from the function under test). Then the scenario of
 * issue 9 / defect 7: a case accepted in late November 2026 gets a provisional handling due date in
 * 2027, and entering a 2027 notice moves it.
 */
import { describe, expect, it } from 'vitest';
import { weekday } from '../../../src/domain/calendar/dates.js';
import { computeDueDetail } from '../../../src/domain/calendar/deadlines.js';
import { defaultCalendar, libraryYears } from '../../../src/domain/calendar/library-years.js';
import { PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR, provisionalYear, statutoryHolidays } from '../../../src/domain/calendar/provisional-years.js';
import { clockViews, isWithin, nextDueDetail, openClock, recomputeClocks } from '../../../src/domain/lifecycle/clocks.js';
import { NATIONAL_PROFILE } from '../../../src/domain/rules/profiles.js';
import { officialNotices } from '../../fixtures/official-holiday-notices.js';
import { act, registerCase } from '../../support/domain-fixtures.js';

const cal = defaultCalendar();

describe('statutory holidays (《全国年节及纪念日放假办法》, 2024 revision)', () => {
  it('are 13 days a year, none of them a make-up working day', () => {
    for (let y = PROVISIONAL_FIRST_YEAR; y <= 2040; y++) {
      const days = statutoryHolidays(y);
      expect(days).toHaveLength(13);
      expect(days.filter((d) => d.name === '春节')).toHaveLength(4);
      expect(provisionalYear(y)!.makeupWorkdays).toEqual([]);
    }
  });

  for (const notice of officialNotices.filter((n) => n.year >= 2025)) {
    it(`${notice.year}: every statutory day computed is a rest day in the State Council notice`, () => {
      const rest = new Set(notice.holidays);
      const notRest = statutoryHolidays(notice.year).filter((h) => !rest.has(h.date) && weekday(h.date) !== 0 && weekday(h.date) !== 6);
      expect(notRest).toEqual([]);
      // and in the library's data (chinese-days) as well
      const lib = libraryYears().find((y) => y.year === notice.year)!;
      expect(statutoryHolidays(notice.year).filter((h) => !lib.holidays.includes(h.date) && weekday(h.date) !== 0 && weekday(h.date) !== 6)).toEqual([]);
    });
  }

  it('2025 and 2026 by hand, from the notices: 除夕 is a holiday since the 2024 revision', () => {
    // 国办发明电〔2024〕12号: 春节 1月28日（农历除夕）至2月4日; 清明 4月4日; 端午 5月31日; 中秋 10月6日
    expect(statutoryHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-04', '2025-05-01', '2025-05-02',
      '2025-05-31', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06',
    ]);
    // 2026 notice: 春节 2月15日至23日 (除夕 2月16日, 初一 2月17日); 清明 4月5日; 端午 6月19日; 中秋 9月25日
    expect(statutoryHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-04-05', '2026-05-01', '2026-05-02',
      '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03',
    ]);
  });

  it('2027, counted by hand from the 2027 new moons and the 清明 term (not from the library)', () => {
    // New moons 2027 (F. Espenak, astropixels.com "2027 Phases of the Moon", Mountain Standard Time
    // UTC−7; Beijing = MST + 15 h). A lunar month starts on the Beijing date of its new moon:
    //   Jan 7 13:24 MST = Jan 8 04:24 Beijing → 丙午年十二月初一 = 2027-01-08
    //   Feb 6 08:56 MST = Feb 6 23:56 Beijing → 丁未年正月初一 = 2027-02-06 (so 十二月 has 29 days:
    //     01-08 … 02-05, and 除夕 = 十二月廿九 = 2027-02-05)
    //   Mar 8 02:29 → Mar 8 17:29 (二月初一) · Apr 6 16:51 → Apr 7 07:51 (三月初一) · May 6 03:58 → May 6 18:58 (四月初一)
    //   Jun 4 12:40 → Jun 5 03:40 (五月初一 = 06-05, so 端午 五月初五 = 2027-06-09)
    //   Jul 3 20:02 → Jul 4 11:02 (六月初一) · Aug 2 03:05 → Aug 2 18:05 (七月初一)
    //   Aug 31 10:41 → Sep 1 01:41 (八月初一 = 09-01, so 中秋 八月十五 = 2027-09-15)
    // 2027 has no leap month (the next is 闰五月 of 2028), so the months above are numbered in order.
    // 清明: the Sun reaches ecliptic longitude 15° on 2027-04-05 at 08:17 Beijing time (solar-term tables).
    // Weekdays: 2027-01-01 is a Friday (2026-01-01 was a Thursday, 2026 has 365 days).
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦', basis: '1月1日' }, // Friday
      { date: '2027-02-05', name: '春节', basis: '农历除夕' }, // Friday
      { date: '2027-02-06', name: '春节', basis: '正月初一' }, // Saturday
      { date: '2027-02-07', name: '春节', basis: '正月初二' }, // Sunday
      { date: '2027-02-08', name: '春节', basis: '正月初三' }, // Monday
      { date: '2027-04-05', name: '清明节', basis: '清明（节气）' }, // Monday
      { date: '2027-05-01', name: '劳动节', basis: '5月1日' }, // Saturday
      { date: '2027-05-02', name: '劳动节', basis: '5月2日' }, // Sunday
      { date: '2027-06-09', name: '端午节', basis: '农历五月初五' }, // Wednesday
      { date: '2027-09-15', name: '中秋节', basis: '农历八月十五' }, // Wednesday
      { date: '2027-10-01', name: '国庆节', basis: '10月1日' }, // Friday
      { date: '2027-10-02', name: '国庆节', basis: '10月2日' }, // Saturday
      { date: '2027-10-03', name: '国庆节', basis: '10月3日' }, // Sunday
    ]);
  });

  it('the provisional 2027 calendar: those days and weekends are rest days, nothing else moves', () => {
    expect(cal.yearSource(2027)).toBe('provisional');
    expect(cal.hasYear(2027)).toBe(false);
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-01-02', '2027-01-03']) {
      expect(cal.isRestDay(d), d).toBe(true);
    }
    // No 补休, no 调休: the day after a block is a working day, a weekend stays a weekend.
    for (const d of ['2027-01-04', '2027-02-09', '2027-04-06', '2027-06-10', '2027-09-16', '2027-10-04', '2027-10-08']) {
      expect(cal.isWorkingDay(d), d).toBe(true);
    }
    expect(cal.isRestDay('2027-02-20')).toBe(true); // a Saturday, no make-up working day
    expect(cal.isProvisionalDay('2027-06-09')).toBe(true);
  });

  it('is computed for 2025–2100 only', () => {
    expect([PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR]).toEqual([2025, 2100]);
    expect(provisionalYear(2024)).toBeNull();
    expect(provisionalYear(2101)).toBeNull();
    expect(provisionalYear(2100)!.holidays).toHaveLength(13);
    expect(cal.supportedYears()).toEqual({ first: 2004, last: 2100 });
  });
});

describe('scenario: a case accepted on 2026-11-20 (issue 9, defect 7)', () => {
  // Received and accepted by the county 人社局 on 2026-11-20 (a Friday). Handling: 60 calendar days,
  // start day not counted: 11-21 … 11-30 (10), 12-01 … 12-31 (41), 2027-01-01 … 01-19 (60).
  // 2027-01-19 is a Tuesday; in the provisional 2027 January's only holiday is 1月1日, so it is a
  // working day and the period ends that day — provisionally (the 2027 notice is not entered).
  const registered = registerCase('xfj_clerk', { receivedOn: '2026-11-20' });
  const forwarded = act(registered, 'xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2026-11-20').case;
  const accepted = act(forwarded, 'rsj_handler', 'accept', {}, '2026-11-20');

  it('gets a provisional handling due date of 2027-01-19, shown, sorted and judged like any other', () => {
    const handling = openClock(accepted.case, 'handling')!;
    expect(handling).toMatchObject({ start: '2026-11-20', due: '2027-01-19', provisional: true });
    expect(accepted.event.data.handlingDue).toBe('2027-01-19');
    expect(nextDueDetail(accepted.case)).toEqual({ due: '2027-01-19', provisional: true });
    const view = clockViews(accepted.case, '2027-01-20').find((k) => k.kind === 'handling')!;
    expect(view).toMatchObject({ due: '2027-01-19', provisional: true, daysLeft: -1, overdue: true });
    expect(isWithin(handling, '2027-01-19')).toBe(true);
    expect(isWithin(handling, '2027-01-20')).toBe(false);
  });

  it('a 2027 notice making 2027-01-19 a rest day moves it to Wednesday 2027-01-20, no longer provisional', () => {
    // A made-up notice (the real one is not published): 元旦 and 1月19日 off, no make-up days.
    const entered = cal.withYear({ year: 2027, holidays: ['2027-01-01', '2027-01-19'], makeupWorkdays: [], source: 'official-notice' });
    const clocks = recomputeClocks(accepted.case.clocks, NATIONAL_PROFILE, entered);
    expect(clocks.find((k) => k.kind === 'handling' && k.stoppedOn === null)).toMatchObject({ due: '2027-01-20', provisional: false });
    expect(computeDueDetail({ start: '2026-11-20', rule: NATIONAL_PROFILE.limits.handling }, entered)).toEqual({ due: '2027-01-20', provisional: false });
  });
});
