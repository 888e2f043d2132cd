/**
 * The monthly bulletin (月通报, domain/stats/bulletin.ts) as a Word file in the layout of an official
 * document (layout.ts, GB/T 9704-2012): title, issue line, headed sections in 三号 仿宋, the ranking
 * and case tables in 五号 so nine columns fit the 156 mm 版心, the issuing organ and date at the end.
 */
import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { BulletinContent, BulletinSection } from '../domain/stats/bulletin.js';
import { FONTS, INDENT_PT, LINE_PT, SIZE_PT, TEXT_WIDTH_PT, signatureIndentsPt } from './layout.js';
import { A4_SECTION, font, half, line, twip } from './render-docx.js';

const TABLE_PT = 10.5; // 五号
const HEADING_FONT = '黑体'; // 一级标题 (GB/T 9704 §7.3.3: 黑体)

export function table(t: NonNullable<BulletinSection['table']>): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  // Header cells in 黑体, as the headings: no bold (a CJK font has no bold face of its own).
  const cell = (text: string, head = false) => new TableCell({
    borders,
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text, font: font(head ? HEADING_FONT : FONTS.body), size: half(TABLE_PT) })],
    })],
  });
  return new Table({
    width: { size: twip(TEXT_WIDTH_PT), type: WidthType.DXA },
    rows: [
      new TableRow({ tableHeader: true, children: t.head.map((h) => cell(h, true)) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x) => cell(x)) })),
    ],
  });
}

export async function renderBulletinDocx(b: BulletinContent): Promise<Buffer> {
  const exact = { line: twip(LINE_PT), lineRule: LineRuleType.EXACT };
  const sig = signatureIndentsPt(b.signatureOrgan, b.date);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: twip(LINE_PT / 2), line: twip(SIZE_PT.title * 1.5), lineRule: LineRuleType.AT_LEAST },
      children: [new TextRun({ text: b.title, font: font(FONTS.title), size: half(SIZE_PT.title) })],
    }),
    line(`（${b.issue}）`, { alignment: AlignmentType.CENTER, spacing: { ...exact, after: twip(LINE_PT) } }),
  ];
  for (const s of b.sections) {
    children.push(new Paragraph({
      spacing: exact, indent: { firstLine: twip(INDENT_PT) }, keepNext: true,
      children: [new TextRun({ text: s.heading, font: font(HEADING_FONT), size: half(SIZE_PT.body) })],
    }));
    for (const p of s.paragraphs) children.push(line(p, { indent: { firstLine: twip(INDENT_PT) }, alignment: AlignmentType.JUSTIFIED }));
    if (s.table) children.push(table(s.table), line(''));
  }
  children.push(
    line(b.signatureOrgan, {
      alignment: AlignmentType.RIGHT, indent: { right: twip(sig.organ) }, spacing: { ...exact, before: twip(2 * LINE_PT) }, keepNext: true,
    }),
    line(b.date, { alignment: AlignmentType.RIGHT, indent: { right: twip(sig.date) } }),
  );
  const doc = new Document({
    title: `${b.title}（${b.issue}）`, creator: b.signatureOrgan, evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: half(SIZE_PT.body) } } } },
    sections: [{ ...A4_SECTION, children }],
  });
  return Packer.toBuffer(doc);
}
