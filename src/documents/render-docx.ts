/**
 * An issued document as a Word file laid out to GB/T 9704-2012 (layout.ts). The fonts are named,
 * not embedded: 方正小标宋简体 and 仿宋_GB2312 are on every official's Word/WPS and have no free
 * equivalent to ship. The bytes depend on the content only (see `frozen`).
 */
import {
  AlignmentType, BorderStyle, Document, Footer, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun,
  VerticalAlignTable, WidthType, type IParagraphOptions, type IRunOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { DocumentContent } from '../domain/documents/document-content.js';
import { FONTS, INDENT_PT, LINE_PT, MM, PAGE, RED, SIZE_PT, TEXT_WIDTH_PT, mastheadSizePt, signatureIndentsPt } from './layout.js';

export const twip = (pt: number) => Math.round(pt * 20);
export const twipMm = (mm: number) => twip(mm * MM);
export const half = (pt: number) => Math.round(pt * 2);
export const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const EXACT = { line: twip(LINE_PT), lineRule: LineRuleType.EXACT };

export function run(text: string, opts: Partial<IRunOptions> = {}): TextRun {
  return new TextRun({ text, font: font(FONTS.body), size: half(SIZE_PT.body), ...opts });
}

export function line(text: string, opts: Partial<IParagraphOptions> = {}, runOpts: Partial<IRunOptions> = {}): Paragraph {
  return new Paragraph({ spacing: EXACT, children: [run(text, runOpts)], ...opts });
}

/** Blank space of `lines` body lines before a paragraph. */
const before = (lines: number) => ({ ...EXACT, before: twip(lines * LINE_PT) });

function receiptTable(rows: NonNullable<DocumentContent['table']>): Table {
  const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const labelWidth = twipMm(40);
  const valueWidth = twip(TEXT_WIDTH_PT) - labelWidth;
  const cell = (width: number, p: Paragraph) => new TableCell({
    borders, width: { size: width, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER, children: [p],
  });
  return new Table({
    width: { size: twip(TEXT_WIDTH_PT), type: WidthType.DXA },
    columnWidths: [labelWidth, valueWidth],
    rows: rows.map((r) => new TableRow({
      height: { value: twipMm(r.blankMm ?? 12), rule: HeightRule.ATLEAST },
      children: [
        cell(labelWidth, line(r.label, { alignment: AlignmentType.CENTER })),
        cell(valueWidth, line(r.value)),
      ],
    })),
  });
}

/** 页码 — 1 —: odd pages right, even pages left, one character in (layout.ts). */
export function pageFooter(odd: boolean): Footer {
  const oneChar = twip(SIZE_PT.pageNumber);
  return new Footer({
    children: [new Paragraph({
      alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: odd ? { right: oneChar } : { left: oneChar },
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.pageNumber), size: half(SIZE_PT.pageNumber) })],
    })],
  });
}

/** A4, the GB/T 9704 margins and the page numbers: every section of an official document. */
export const A4_SECTION = {
  properties: {
    page: {
      size: { width: twipMm(PAGE.widthMm), height: twipMm(PAGE.heightMm) },
      margin: {
        top: twipMm(PAGE.topMm), bottom: twipMm(PAGE.bottomMm), left: twipMm(PAGE.leftMm), right: twipMm(PAGE.rightMm),
        // The page number's line 7 mm under the 版心.
        footer: twipMm(PAGE.bottomMm - 7) - twip(SIZE_PT.pageNumber),
      },
    },
  },
  footers: { default: pageFooter(true), even: pageFooter(false) },
};

function build(content: DocumentContent): Document {
  const masthead = mastheadSizePt(content.organName);
  const sig = signatureIndentsPt(content.signatureOrgan, content.date);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: content.organName, font: font(FONTS.title), size: half(masthead), color: RED })],
    }),
    // 发文字号: two lines under the masthead; the red separator 4 mm under it, the 版心's width.
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: before(1),
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: Math.round(4 * MM) } },
      children: [run(content.docNumber)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: twip(2 * LINE_PT), after: twip(LINE_PT), line: twip(SIZE_PT.title * 1.5), lineRule: LineRuleType.AT_LEAST },
      children: [new TextRun({ text: content.title, font: font(FONTS.title), size: half(SIZE_PT.title) })],
    }),
  ];
  if (content.addressee !== null) children.push(line(`${content.addressee}：`));
  content.paragraphs.forEach((p, i) => {
    // The last paragraph stays on the signature's page (§7.3.5: the signature never stands alone).
    const keep = i === content.paragraphs.length - 1 && !content.table ? { keepNext: true, keepLines: true } : {};
    children.push(line(p.text, { ...(p.plain ? {} : { indent: { firstLine: twip(INDENT_PT) }, alignment: AlignmentType.JUSTIFIED }), ...keep }));
  });
  if (content.table) children.push(receiptTable(content.table));
  children.push(
    line(content.signatureOrgan, { alignment: AlignmentType.RIGHT, indent: { right: twip(sig.organ) }, spacing: before(2), keepNext: true }),
    line(content.date, { alignment: AlignmentType.RIGHT, indent: { right: twip(sig.date) } }),
  );
  return new Document({
    title: `${content.title}（${content.docNumber}）`,
    creator: content.organName,
    lastModifiedBy: content.organName,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: half(SIZE_PT.body) } } } },
    sections: [{
      ...A4_SECTION,
      children,
    }],
  });
}

/**
 * The same bytes for the same content: docx stamps the core properties with the time of packing and
 * fflate the zip entries with it; both are set to the issue date (the entries at its midnight in
 * whatever zone the process runs, so the DOS time fields read the same everywhere).
 */
function frozen(zip: Uint8Array, content: DocumentContent): Buffer {
  const files = unzipSync(zip);
  const stamp = `${content.issuedOn}T00:00:00Z`;
  const core = files['docProps/core.xml'];
  if (core) {
    files['docProps/core.xml'] = strToU8(strFromU8(core)
      .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${stamp}`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${stamp}`));
  }
  const [y, m, d] = content.issuedOn.split('-').map(Number) as [number, number, number];
  return Buffer.from(zipSync(files, { mtime: new Date(y, m - 1, d) }));
}

export async function renderDocx(content: DocumentContent): Promise<Buffer> {
  return frozen(await Packer.toBuffer(build(content)), content);
}
