/**
 * An issued document as a PDF laid out like the .docx (layout.ts, GB/T 9704-2012), with Noto Serif
 * CJK SC embedded (subset) in place of 仿宋 / 小标宋, which cannot be shipped. The text is real text
 * (searchable, copyable). The bytes depend on the content only: the dates in the file and the file
 * ID (an MD5 of the info dictionary) come from the issue date, never from the clock.
 */
import PDFDocument from 'pdfkit';
import type { DocumentContent } from '../domain/documents/document-content.js';
import { cjkFonts } from './cjk-font.js';
import { INDENT_PT, LINE_PT, MM, PAGE, RED, SIZE_PT, TEXT_WIDTH_PT, mastheadSizePt, pageNumberText, signatureIndentsPt } from './layout.js';

export const LEFT = PAGE.leftMm * MM;
export const TOP = PAGE.topMm * MM;
export const BOTTOM = (PAGE.heightMm - PAGE.bottomMm) * MM;
const RED_HEX = `#${RED}`;

export type Pdf = PDFKit.PDFDocument;

/** Writes body text at the cursor on a fixed grid of `line` points (28, tightened only to keep the signature with the body). */
function bodyText(pdf: Pdf, line: number, text: string, opts: PDFKit.Mixins.TextOptions = {}): void {
  pdf.font('body').fontSize(SIZE_PT.body).fillColor('black');
  const lineGap = line - pdf.currentLineHeight(true);
  pdf.text(text, LEFT, pdf.y, { width: TEXT_WIDTH_PT, lineGap, ...opts });
}

function bodyHeight(pdf: Pdf, line: number, text: string, opts: PDFKit.Mixins.TextOptions = {}): number {
  pdf.font('body').fontSize(SIZE_PT.body);
  return pdf.heightOfString(text, { width: TEXT_WIDTH_PT, lineGap: line - pdf.currentLineHeight(true), ...opts });
}

/** A page break when fewer than `pt` points are left above the bottom margin. */
function keep(pdf: Pdf, pt: number): void {
  if (pdf.y + pt > BOTTOM) pdf.addPage();
}

function receiptTable(pdf: Pdf, rows: NonNullable<DocumentContent['table']>): void {
  const labelW = 40 * MM;
  const pad = 3 * MM;
  for (const r of rows) {
    pdf.font('body').fontSize(SIZE_PT.body);
    const textH = pdf.heightOfString(r.value || ' ', { width: TEXT_WIDTH_PT - labelW - 2 * pad });
    const h = Math.max((r.blankMm ?? 12) * MM, textH + 2 * pad);
    keep(pdf, h);
    const y = pdf.y;
    pdf.lineWidth(0.75).strokeColor('black').rect(LEFT, y, labelW, h).rect(LEFT + labelW, y, TEXT_WIDTH_PT - labelW, h).stroke();
    const mid = y + h / 2 - pdf.currentLineHeight() / 2;
    pdf.fillColor('black').text(r.label, LEFT, mid, { width: labelW, align: 'center', lineBreak: false });
    if (r.value) pdf.text(r.value, LEFT + labelW + pad, y + Math.max(pad, (h - textH) / 2), { width: TEXT_WIDTH_PT - labelW - 2 * pad });
    pdf.y = y + h;
  }
  pdf.x = LEFT;
}

/** 页码 on every page but the first `skip` once the text is laid out: odd pages right, even left, 7 mm under the 版心. */
function pageNumbers(pdf: Pdf, skip: number): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start + skip; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const n = i + 1 - skip;
    pdf.page.margins.bottom = 0; // writing below the margin would otherwise open a new page
    pdf.font('body').fontSize(SIZE_PT.pageNumber).fillColor('black');
    const oneChar = SIZE_PT.pageNumber;
    pdf.text(pageNumberText(n), LEFT + oneChar, BOTTOM + 7 * MM, { width: TEXT_WIDTH_PT - 2 * oneChar, align: n % 2 ? 'right' : 'left', lineBreak: false });
  }
}

/**
 * Lays the document out; false when the signature had to go to a page of its own, which §7.3.5
 * does not allow (the caller then tightens the line spacing, as the standard suggests).
 */
export function layoutDocument(pdf: Pdf, content: DocumentContent, line: number, last: boolean): boolean {
  // 发文机关标志, red and as large as one line allows.
  pdf.font('bold').fontSize(mastheadSizePt(content.organName)).fillColor(RED_HEX);
  pdf.text(content.organName, LEFT, TOP, { width: TEXT_WIDTH_PT, align: 'center', lineBreak: false });
  pdf.y = TOP + mastheadSizePt(content.organName) * 1.45 + LINE_PT * 0.5;
  // 发文字号, and the red separator 4 mm under it across the 版心.
  bodyText(pdf, line, content.docNumber, { align: 'center' });
  const ruleY = pdf.y - (line - SIZE_PT.body * 1.2) + 4 * MM;
  pdf.moveTo(LEFT, ruleY).lineTo(LEFT + TEXT_WIDTH_PT, ruleY).lineWidth(1.2).strokeColor(RED_HEX).stroke();
  // Title two lines under the separator, 二号.
  pdf.y = ruleY + 1.5 * line;
  pdf.font('bold').fontSize(SIZE_PT.title).fillColor('black');
  pdf.text(content.title, LEFT, pdf.y, { width: TEXT_WIDTH_PT, align: 'center', lineGap: SIZE_PT.title * 0.4 });
  pdf.y += line * 0.6;
  if (content.addressee !== null) bodyText(pdf, line, `${content.addressee}：`);
  const signature = line * 3.5;
  content.paragraphs.forEach((p, i) => {
    const opts: PDFKit.Mixins.TextOptions = p.plain ? {} : { indent: INDENT_PT, align: 'justify' };
    // Out of spacings to try: the last paragraph goes over with the signature rather than leave it alone.
    if (last && i === content.paragraphs.length - 1 && !content.table) keep(pdf, bodyHeight(pdf, line, p.text, opts) + signature);
    bodyText(pdf, line, p.text, opts);
  });
  if (content.table) {
    pdf.y += line * 0.5;
    receiptTable(pdf, content.table);
  }
  // 署名 and 成文日期 together, two lines under the body, the date four characters from the right.
  pdf.y += line * 1.5;
  const pages = pdf.bufferedPageRange().count;
  keep(pdf, 2 * line);
  const alone = pdf.bufferedPageRange().count > pages;
  const sig = signatureIndentsPt(content.signatureOrgan, content.date);
  bodyText(pdf, line, content.signatureOrgan, { width: TEXT_WIDTH_PT - sig.organ, align: 'right' });
  bodyText(pdf, line, content.date, { width: TEXT_WIDTH_PT - sig.date, align: 'right' });
  return !alone;
}

/** Line heights to try, from the standard's 28 pt down: a signature left alone retries tighter. */
const LINES = [LINE_PT, 27, 26, 25] as const;

export function renderPdf(content: DocumentContent): Promise<Buffer> {
  for (const [i, l] of LINES.entries()) {
    // An abandoned attempt is never ended: nothing reads its stream.
    const last = i === LINES.length - 1;
    const pdf = newPdf({ title: `${content.title}（${content.docNumber}）`, author: content.organName, date: content.issuedOn });
    if (layoutDocument(pdf, content, l, last) || last) return finish(pdf);
  }
  throw new Error('unreachable');
}

/** An A4 PDF with the CJK faces registered ('body', 'bold'); its dates and ID from `date`, never the clock. */
export function newPdf(meta: { title: string; author: string; date: string }): Pdf {
  const fonts = cjkFonts();
  const issued = new Date(`${meta.date}T00:00:00Z`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: TOP, bottom: PAGE.bottomMm * MM, left: LEFT, right: PAGE.rightMm * MM },
    bufferPages: true,
    lang: 'zh-CN',
    info: { Title: meta.title, Author: meta.author, Creator: 'Minsheng', Producer: 'Minsheng', CreationDate: issued, ModDate: issued },
  });
  pdf.registerFont('body', fonts.regular.bytes, fonts.regular.postscriptName);
  pdf.registerFont('bold', fonts.bold.bytes, fonts.bold.postscriptName);
  return pdf;
}

/** Numbers the pages (not the first `skip`) and answers the file's bytes. */
export function finish(pdf: Pdf, skip = 0): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => { resolve(Buffer.concat(chunks)); });
    pdf.on('error', reject);
  });
  pageNumbers(pdf, skip);
  pdf.end();
  return done;
}
