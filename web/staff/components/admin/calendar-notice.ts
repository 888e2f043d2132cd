/**
 * Reads dates out of a pasted State Council holiday notice (国务院办公厅关于…部分节假日安排的通知),
 * e.g. "春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"
 * Clauses that say 上班 give make-up working days; clauses that say 放假 give holidays; ranges
 * (至/到/~/—) are expanded. Also accepts plain lists (2027-01-01, 2027/1/2, 1月3日). Pure: no DOM.
 */
export interface ParsedNotice { holidays: string[]; makeupWorkdays: string[]; outsideYear: string[] }

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function valid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function* daysBetween(a: string, b: string): Generator<string> {
  const end = Date.parse(`${b}T00:00:00Z`);
  for (let t = Date.parse(`${a}T00:00:00Z`); t <= end && t - end < 1; t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}

const TOKEN = /(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日/g;
const RANGE_GAP = /^\s*(?:[（(][^）)]*[）)])?\s*(?:至|到|~|～|—|–|－|-)\s*$/;

/** Dates in one clause: single dates and expanded ranges; `ctx` carries the year and month across tokens. */
function clauseDates(clause: string, ctx: { year: number; month: number | null }): string[] {
  const out: string[] = [];
  let prev: { date: string; end: number } | null = null;
  for (const m of clause.matchAll(TOKEN)) {
    let y: number, mo: number, d: number;
    if (m[1]) {
      y = +m[1]; mo = Number(m[2]); d = Number(m[3]); // groups 2 and 3 match with group 1
    } else {
      y = m[4] ? +m[4] : ctx.year;
      const month = m[5] ? +m[5] : ctx.month;
      if (month === null) continue; // "3日" with no month before it: not a date we can place
      mo = month; d = Number(m[6]); // an impossible miss is NaN, which valid() refuses
    }
    if (!valid(y, mo, d)) continue;
    ctx.year = y;
    ctx.month = mo;
    const date = iso(y, mo, d);
    const gap = prev ? clause.slice(prev.end, m.index) : '';
    if (prev && RANGE_GAP.test(gap) && date > prev.date) {
      for (const x of daysBetween(prev.date, date)) if (x !== prev.date) out.push(x);
    } else {
      out.push(date);
    }
    prev = { date, end: m.index + m[0].length };
  }
  return out;
}

export function parseNotice(text: string, year: number, defaultKind: 'holiday' | 'workday' = 'holiday'): ParsedNotice {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const ctx = { year, month: null as number | null };
  for (const clause of text.split(/[。；;\n\r]+/)) {
    // 放假调休 is a holiday clause; 上班 alone marks the make-up working days.
    const kind = clause.includes('上班') && !clause.includes('放假') ? 'workday' : /放假|休息|假期/.test(clause) ? 'holiday' : defaultKind;
    // "2月14日（周六）、2月28日（周六）上班" — several dates; "元旦：1月1日至3日放假" — a range.
    for (const d of clauseDates(clause, ctx)) (kind === 'workday' ? workdays : holidays).add(d);
  }
  const all = [...holidays, ...workdays];
  return {
    holidays: [...holidays].filter((d) => d.startsWith(`${year}-`)).sort(),
    makeupWorkdays: [...workdays].filter((d) => d.startsWith(`${year}-`)).sort(),
    outsideYear: all.filter((d) => !d.startsWith(`${year}-`)).sort(),
  };
}
