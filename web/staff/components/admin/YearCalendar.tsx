/**
 * A year as 12 month grids (weeks from Monday, as Chinese calendars print them). Holidays and 调休
 * working days carry a text mark (休 / 班) and a spoken label, not colour alone.
 */
import { Typography } from 'antd';

export interface CalendarDay { date: string; working: boolean }
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const KIND_LABEL: Record<DayKind, string> = { workday: '工作日', weekend: '休息日', holiday: '法定节假日（放假）', makeup: '调休上班日' };

/** Monday = 0 … Sunday = 6. */
const weekdayMon = (iso: string) => (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;

export function dayKind(d: CalendarDay): DayKind {
  const weekend = weekdayMon(d.date) >= 5;
  if (weekend) return d.working ? 'makeup' : 'weekend';
  return d.working ? 'workday' : 'holiday';
}

export function YearCalendar({ year, days }: { year: number; days: CalendarDay[] }) {
  const months = Array.from({ length: 12 }, (_, m) => days.filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return (
    <div className="year-grid">
      {months.map((md, m) => {
        const first = md[0];
        const lead = first ? weekdayMon(first.date) : 0;
        const cells: (CalendarDay | null)[] = [...Array<null>(lead).fill(null), ...md];
        while (cells.length % 7) cells.push(null);
        const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
        const holidays = md.filter((d) => dayKind(d) === 'holiday').length;
        const makeups = md.filter((d) => dayKind(d) === 'makeup').length;
        return (
          <table key={m} className="month">
            <caption>
              <Typography.Text strong>{year}年{m + 1}月</Typography.Text>
              <span className="month-sum">工作日 {md.filter((d) => d.working).length} 天{holidays ? `，放假 ${holidays} 天` : ''}{makeups ? `，调休上班 ${makeups} 天` : ''}</span>
            </caption>
            <thead><tr>{WEEK.map((w, i) => <th key={w} scope="col" abbr={`星期${w}`} className={i >= 5 ? 'we' : undefined}>{w}</th>)}</tr></thead>
            <tbody>
              {weeks.map((wk, w) => (
                <tr key={w}>
                  {wk.map((d, i) => {
                    if (!d) return <td key={i} className="empty" />;
                    const k = dayKind(d);
                    return (
                      <td key={i} className={`day ${k}`} title={`${d.date} ${KIND_LABEL[k]}`}>
                        <span className="sr-only">{Number(d.date.slice(8))}日 星期{WEEK[i]} {KIND_LABEL[k]}</span>
                        <span aria-hidden="true" className="num">{Number(d.date.slice(8))}</span>
                        {k === 'holiday' && <span aria-hidden="true" className="mark">休</span>}
                        {k === 'makeup' && <span aria-hidden="true" className="mark">班</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

export function CalendarLegend() {
  return (
    <ul className="cal-legend" aria-label="图例">
      <li><span className="day workday sample" aria-hidden="true">8</span> 工作日</li>
      <li><span className="day weekend sample" aria-hidden="true">9</span> 周末休息</li>
      <li><span className="day holiday sample" aria-hidden="true">1<span className="mark">休</span></span> 法定节假日（放假）</li>
      <li><span className="day makeup sample" aria-hidden="true">4<span className="mark">班</span></span> 调休上班</li>
    </ul>
  );
}
