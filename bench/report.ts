/** What the bench scripts print: percentiles and Markdown tables (CJK characters count as two columns). */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const width = (s: string) => Array.from(s).reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
export function table(head: string[], body: string[][], align: ('l' | 'r')[]): void {
  const cells = [head, ...body];
  const w = head.map((_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  const pad = (s: string, c: number) => (align[c] === 'r' ? ' '.repeat(w[c]! - width(s)) + s : s + ' '.repeat(w[c]! - width(s)));
  const line = (r: string[]) => `| ${r.map((s, c) => pad(s, c)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${w.map((x, c) => (align[c] === 'r' ? `${'-'.repeat(x + 1)}:` : `:${'-'.repeat(x + 1)}`)).join('|')}|`);
  for (const r of body) console.log(line(r));
}
export const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
