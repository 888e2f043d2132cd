/**
 * The deadline as staff read it at a glance: red when overdue, orange at 3 days or less, blue
 * otherwise; grey when the clock shows no date (paused, or no running clock). A provisional date
 * (its year's holiday notice not entered yet) says 预计 in the tag, in words, not by colour alone.
 */
import { PROVISIONAL_SUFFIX } from '../../../src/domain/calendar/provisional-note.js';
import './lists/countdown.css';

// Solid dark red / dark orange with white text: antd's light preset tags (orange on cream) fail AA contrast.
export function countdownColor(daysLeft: number | null | undefined, overdue: boolean): string {
  if (overdue) return '#c4151c';
  if (daysLeft === null || daysLeft === undefined) return 'default';
  return daysLeft <= 3 ? '#ad4e00' : 'blue';
}

export function countdownText(daysLeft: number | null | undefined, overdue: boolean): string {
  if (daysLeft === null || daysLeft === undefined) return '无期限';
  if (overdue) return `超期${-daysLeft}天`;
  if (daysLeft === 0) return '今日到期';
  return `剩${daysLeft}天`;
}

// A styled span with the due date as a native title — not an antd Tag in a Tooltip: a list shows 50
// of these, and 50 antd components with their style hooks plus 50 tooltip triggers cost more to
// render than the rest of the rows (bench/web-bench.ts, queue render). Same look, same colours.
interface CountdownTagProps { due: string | null | undefined; daysLeft: number | null | undefined; overdue: boolean; provisional?: boolean }

export function CountdownTag({ due, daysLeft, overdue, provisional }: CountdownTagProps) {
  const tone = overdue ? 'cd-overdue' : daysLeft === null || daysLeft === undefined ? '' : daysLeft <= 3 ? 'cd-soon' : 'cd-running';
  const p = Boolean(provisional && due);
  return (
    <span className={`countdown-tag ${tone}`} title={due ? `届满日 ${due}${p ? PROVISIONAL_SUFFIX : ''}` : undefined} data-provisional={p || undefined}>
      {countdownText(daysLeft, overdue)}{p && <span className="cd-provisional">·预计</span>}
    </span>
  );
}
