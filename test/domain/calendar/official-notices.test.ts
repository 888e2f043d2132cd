import { describe, expect, it } from 'vitest';
import { addDays, weekday, type IsoDate } from '../../../src/domain/calendar/dates.js';
import { HolidayCalendar, validateYearCalendar, type YearCalendar } from '../../../src/domain/calendar/holiday-calendar.js';
import { defaultCalendar, libraryYears } from '../../../src/domain/calendar/library-years.js';
import { officialNotices } from '../../fixtures/official-holiday-notices.js';

/** What the notice says about a day, computed without HolidayCalendar. */
function expectedWorking(notice: YearCalendar, d: IsoDate): boolean {
  if (notice.makeupWorkdays.includes(d)) return true;
  const wd = weekday(d);
  return wd !== 0 && wd !== 6 && !notice.holidays.includes(d);
}

function daysOf(year: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) out.push(d);
  return out;
}

describe('official notices 2024–2026', () => {
  it('the fixture itself is a valid notice', () => {
    for (const n of officialNotices) expect(() => validateYearCalendar(n)).not.toThrow();
    expect(officialNotices.map((n) => [n.year, n.holidays.length, n.makeupWorkdays.length])).toEqual([
      [2024, 28, 8],
      [2025, 28, 5],
      [2026, 33, 6],
    ]);
  });

  const library = defaultCalendar();
  const official = new HolidayCalendar(officialNotices);

  for (const notice of officialNotices) {
    it(`${notice.year}: the default (library) calendar agrees with the notice on every day`, () => {
      const days = daysOf(notice.year);
      expect(days.length).toBe(notice.year === 2024 ? 366 : 365);
      const wrong = days.filter((d) => library.isWorkingDay(d) !== expectedWorking(notice, d));
      expect(wrong).toEqual([]);
      expect(library.yearSource(notice.year)).toBe('library');
    });

    it(`${notice.year}: a calendar built from the notice as official-notice gives the same answers`, () => {
      for (const d of daysOf(notice.year)) {
        expect(official.isWorkingDay(d), d).toBe(expectedWorking(notice, d));
        expect(official.isRestDay(d), d).toBe(!expectedWorking(notice, d));
      }
      expect(official.yearSource(notice.year)).toBe('official-notice');
    });

    it(`${notice.year}: the library's raw lists equal the notice's`, () => {
      const lib = libraryYears().find((y) => y.year === notice.year);
      expect(lib?.holidays).toEqual([...notice.holidays].sort());
      expect(lib?.makeupWorkdays).toEqual([...notice.makeupWorkdays].sort());
    });
  }

  it('the library covers 2004–2026 and nothing else', () => {
    expect(defaultCalendar().years()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('the notices as overrides make those years official', () => {
    const cal = defaultCalendar(officialNotices);
    expect(cal.yearSource(2023)).toBe('library');
    expect(cal.yearSource(2025)).toBe('official-notice');
    expect(cal.isWorkingDay('2025-09-28')).toBe(true); // 调休上班 (Sunday)
    expect(cal.isWorkingDay('2025-10-08')).toBe(false);
  });
});
