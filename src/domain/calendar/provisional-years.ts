/**
 * The provisional calendar (预计工作日历) of a year whose State Council notice is not published or
 * not entered yet: the statutory holidays of 《全国年节及纪念日放假办法》 as revised in 2024 (in force
 * from 2025) plus weekends — never a make-up working day (调休上班) and never a moved rest day,
 * because only the year's notice decides those. Deadlines computed through such a year are marked
 * provisional and recomputed when the notice is entered (docs/decisions/009-provisional-calendar.md).
 *
 * Lunar dates and the 清明 solar term come from tyme4ts (a maintained calendar library), never from
 * hand-written tables. Art 6 of the measures (a holiday falling on a weekend is made up on a working
 * day, 补假) is deliberately not applied: where the made-up day falls is the notice's choice, and
 * leaving it out can only make a provisional deadline earlier than the real one, never later.
 */
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import { addDays, type IsoDate } from './dates.js';
import type { YearCalendar } from './holiday-calendar.js';

/** The first year the 2024 revision (13 holiday days) governs. */
export const PROVISIONAL_FIRST_YEAR = 2025;
/**
 * The last year a provisional calendar is computed for. tyme4ts computes far beyond it, but lunar
 * dates can be checked against published tables (e.g. the Hong Kong Observatory's) only up to 2100,
 * and a deadline more than 70 years out is an input error, not a case.
 */
export const PROVISIONAL_LAST_YEAR = 2100;

export type StatutoryHolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';
export interface StatutoryHoliday {
  date: IsoDate;
  name: StatutoryHolidayName;
  /** How the day is fixed, for the calendar screen: 农历除夕, 正月初一, 清明 (节气) … */
  basis: string;
}

const iso = (d: SolarDay): IsoDate =>
  `${String(d.getYear()).padStart(4, '0')}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

export function isProvisionalYearSupported(year: number): boolean {
  return Number.isInteger(year) && year >= PROVISIONAL_FIRST_YEAR && year <= PROVISIONAL_LAST_YEAR;
}

/**
 * The 13 days of 全体公民放假的节日 in a year (2024 revision, Art 2): 元旦 1 day; 春节 4 days (农历除夕,
 * 正月初一 to 初三); 清明节 1 day (the day of the 清明 term); 劳动节 2 days (5月1日、2日); 端午节 1 day
 * (农历五月初五); 中秋节 1 day (农历八月十五); 国庆节 3 days (10月1日至3日). In date order. Should two
 * coincide (中秋 on 10月1日, as in 2020), both entries are kept here and the rest day counts once.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!isProvisionalYearSupported(year)) throw new RangeError(`statutory holidays are computed for ${PROVISIONAL_FIRST_YEAR}–${PROVISIONAL_LAST_YEAR}, not ${year}`);
  const springFestival = iso(LunarDay.fromYmd(year, 1, 1).getSolarDay());
  // 除夕 is the last day of the twelfth lunar month (the 29th or 30th, or of a leap twelfth
  // month): always the day before 正月初一, and always in the same Gregorian year (初一 ≥ 1月21日).
  const eve = addDays(springFestival, -1);
  const out: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: '元旦', basis: '1月1日' },
    { date: eve, name: '春节', basis: '农历除夕' },
    { date: springFestival, name: '春节', basis: '正月初一' },
    { date: addDays(springFestival, 1), name: '春节', basis: '正月初二' },
    { date: addDays(springFestival, 2), name: '春节', basis: '正月初三' },
    { date: iso(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay()), name: '清明节', basis: '清明（节气）' },
    { date: `${year}-05-01`, name: '劳动节', basis: '5月1日' },
    { date: `${year}-05-02`, name: '劳动节', basis: '5月2日' },
    { date: iso(LunarDay.fromYmd(year, 5, 5).getSolarDay()), name: '端午节', basis: '农历五月初五' },
    { date: iso(LunarDay.fromYmd(year, 8, 15).getSolarDay()), name: '中秋节', basis: '农历八月十五' },
    { date: `${year}-10-01`, name: '国庆节', basis: '10月1日' },
    { date: `${year}-10-02`, name: '国庆节', basis: '10月2日' },
    { date: `${year}-10-03`, name: '国庆节', basis: '10月3日' },
  ];
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const cache = new Map<number, YearCalendar>();

/** The provisional year: the statutory holidays as rest days, no make-up working days. Memoised. */
export function provisionalYear(year: number): YearCalendar | null {
  if (!isProvisionalYearSupported(year)) return null;
  let y = cache.get(year);
  if (!y) {
    y = { year, holidays: [...new Set(statutoryHolidays(year).map((h) => h.date))].sort(), makeupWorkdays: [], source: 'provisional' };
    cache.set(year, y);
  }
  return { ...y, holidays: [...y.holidays], makeupWorkdays: [] };
}
