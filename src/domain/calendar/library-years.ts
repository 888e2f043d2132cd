/**
 * Holiday data bundled with the chinese-days package (one entry per year it covers). Used as the
 * default; an administrator's official-notice entry for a year replaces it, and a year neither
 * covers is answered provisionally (provisional-years.ts).
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { HolidayCalendar, validateYearCalendar, type ProvisionalSource, type YearCalendar } from './holiday-calendar.js';
import { PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR, provisionalYear } from './provisional-years.js';
import { yearOf, type IsoDate } from './dates.js';

// Keys are 'YYYY-MM-DD'; the values (holiday names) are not needed here.
interface LibraryData {
  holidays: Record<IsoDate, unknown>;
  workdays: Record<IsoDate, unknown>;
}

let cached: readonly YearCalendar[] | undefined;

function build(): YearCalendar[] {
  const { holidays, workdays } = data as LibraryData;
  const byYear = new Map<number, YearCalendar>();
  const entry = (d: IsoDate): YearCalendar => {
    const year = yearOf(d);
    let y = byYear.get(year);
    if (!y) byYear.set(year, (y = { year, holidays: [], makeupWorkdays: [], source: 'library' }));
    return y;
  };
  // The package's `holidays` already includes its inLieuDays (调休放假) — checked for 1.5.7.
  for (const d of Object.keys(holidays)) entry(d).holidays.push(d);
  for (const d of Object.keys(workdays)) entry(d).makeupWorkdays.push(d);
  const years = [...byYear.values()].sort((a, b) => a.year - b.year);
  for (const y of years) {
    y.holidays.sort();
    y.makeupWorkdays.sort();
    validateYearCalendar(y); // e.g. a make-up workday that is not a weekend would be a data error
  }
  return years;
}

/** Every year the library covers (2004–2026 in chinese-days 1.5.7), built once. */
export function libraryYears(): YearCalendar[] {
  cached ??= build();
  return cached.map((y) => ({ ...y, holidays: [...y.holidays], makeupWorkdays: [...y.makeupWorkdays] }));
}

/** Years without data from 2025 to 2100: the statutory holidays of the 2024 measures plus weekends. */
export const PROVISIONAL_SOURCE: ProvisionalSource = { firstYear: PROVISIONAL_FIRST_YEAR, lastYear: PROVISIONAL_LAST_YEAR, year: provisionalYear };

/**
 * Library years, then the overrides (an official-notice entry beats the library for its year), and
 * the provisional calendar for the years neither covers. Deadlines can be computed from 2004 (the
 * library's first year) to 2100 (PROVISIONAL_LAST_YEAR).
 */
export function defaultCalendar(overrides: YearCalendar[] = []): HolidayCalendar {
  return new HolidayCalendar([...libraryYears(), ...overrides], PROVISIONAL_SOURCE);
}
