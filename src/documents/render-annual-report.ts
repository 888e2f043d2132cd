/**
 * The annual report (信访情况年度报告, domain/stats/annual-report.ts) as a Word file on the monthly
 * bulletin's page (GB/T 9704-2012, layout.ts): title, 主送机关 flush left, the four parts under 黑体
 * headings in 三号 仿宋, their tables in 五号 as the bulletin's, the issuing organ and date at the end.
 */
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, type Table, TextRun } from 'docx';
import type { AnnualReportContent } from '../domain/stats/annual-report.js';
import { FONTS, INDENT_PT, LINE_PT, SIZE_PT, signatureIndentsPt } from './layout.js';
import { table } from './render-bulletin.js';
import { A4_SECTION, font, half, line, twip } from './render-docx.js';

const HEADING_FONT = '黑体'; // 一级标题 (GB/T 9704 §7.3.3)

export async function renderAnnualReportDocx(r: AnnualReportContent): Promise<Buffer> {
  const exact = { line: twip(LINE_PT), lineRule: LineRuleType.EXACT };
  const body = (text: string) => line(text, { indent: { firstLine: twip(INDENT_PT) }, alignment: AlignmentType.JUSTIFIED });
  const sig = signatureIndentsPt(r.signatureOrgan, r.date);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: twip(LINE_PT), line: twip(SIZE_PT.title * 1.5), lineRule: LineRuleType.AT_LEAST },
      children: [new TextRun({ text: r.title, font: font(FONTS.title), size: half(SIZE_PT.title) })],
    }),
    // 主送机关: below the title, flush left (GB/T 9704 §7.3.2).
    line(r.addressee),
    body(r.opening),
  ];
  for (const s of r.sections) {
    children.push(new Paragraph({
      spacing: exact, indent: { firstLine: twip(INDENT_PT) }, keepNext: true,
      children: [new TextRun({ text: s.heading, font: font(HEADING_FONT), size: half(SIZE_PT.body) })],
    }));
    for (const b of s.blocks) {
      if ('paragraph' in b) children.push(body(b.paragraph));
      else if (b.table.rows.length) children.push(table(b.table), line(''));
    }
  }
  children.push(
    line(r.signatureOrgan, {
      alignment: AlignmentType.RIGHT, indent: { right: twip(sig.organ) }, spacing: { ...exact, before: twip(2 * LINE_PT) }, keepNext: true,
    }),
    line(r.date, { alignment: AlignmentType.RIGHT, indent: { right: twip(sig.date) } }),
  );
  const doc = new Document({
    title: r.title, creator: r.signatureOrgan, evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: half(SIZE_PT.body) } } } },
    sections: [{ ...A4_SECTION, children }],
  });
  return Packer.toBuffer(doc);
}
