/**
 * A case's dossier (卷宗) as one PDF: a cover, a table of contents, the timeline of events, every
 * issued document laid out as its own file is (render-pdf.ts), and the list of attachments. Pages
 * are numbered from the contents on; the cover has none.
 */
import { chineseDate } from '../domain/calendar/provisional-note.js';
import type { DocumentContent } from '../domain/documents/document-content.js';
import { LINE_PT, MM, SIZE_PT, TEXT_WIDTH_PT } from './layout.js';
import { BOTTOM, LEFT, TOP, finish, layoutDocument, newPdf, type Pdf } from './render-pdf.js';

export interface DossierContent {
  caseNumber: string;
  title: string;
  /** As the case shows them to the reader (masked where the reader sees them masked). */
  petitioners: string;
  cover: { label: string; value: string }[];
  /** The day it was compiled (its PDF dates). */
  compiledOn: string;
  compiledBy: string;
  events: { on: string; label: string; who: string; state?: string }[];
  documents: DocumentContent[];
  attachments: { name: string; note: string }[];
}

const SMALL = 12;

function heading(pdf: Pdf, text: string): void {
  pdf.font('bold').fontSize(SIZE_PT.title).fillColor('black');
  pdf.text(text, LEFT, TOP, { width: TEXT_WIDTH_PT, align: 'center' });
  pdf.y += LINE_PT * 0.6;
}

function cover(pdf: Pdf, d: DossierContent): void {
  pdf.font('bold').fontSize(30).fillColor('black');
  pdf.text('信访事项卷宗', LEFT, TOP + 30 * MM, { width: TEXT_WIDTH_PT, align: 'center', characterSpacing: 6 });
  pdf.y += 25 * MM;
  const labelW = 44 * MM;
  for (const row of [{ label: '信访事项编号', value: d.caseNumber }, { label: '标题', value: d.title }, { label: '信访人', value: d.petitioners }, ...d.cover]) {
    pdf.font('body').fontSize(SIZE_PT.body);
    const y = pdf.y;
    pdf.text(`${row.label}：`, LEFT + 5 * MM, y, { width: labelW, align: 'right' });
    pdf.text(row.value || '—', LEFT + 5 * MM + labelW, y, { width: TEXT_WIDTH_PT - 10 * MM - labelW });
    pdf.y = Math.max(pdf.y, y + LINE_PT) + 4;
  }
  pdf.font('body').fontSize(SMALL).fillColor('#555555');
  pdf.text(`${d.compiledBy}\u3000${chineseDate(d.compiledOn)}生成`, LEFT, BOTTOM - LINE_PT, { width: TEXT_WIDTH_PT, align: 'center', lineBreak: false });
  pdf.fillColor('black');
}

interface TocEntry { text: string; page: number; indent: boolean }

const TOC_PT = 14;

/** Greedy wrapping by character (Chinese has no spaces to break at): the lines of `text` within `width`. */
function wrapChars(pdf: Pdf, text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (cur && pdf.widthOfString(cur + ch) > width) {
      lines.push(cur);
      cur = '';
    }
    cur += ch;
  }
  return [...lines, cur];
}

/** Where an entry's text may run: its indent, and room for a leader and a three-digit page number. */
function tocTextWidth(pdf: Pdf, e: Pick<TocEntry, 'indent'>): number {
  pdf.font('body').fontSize(TOC_PT);
  return TEXT_WIDTH_PT - (e.indent ? 2 * TOC_PT : 0) - pdf.widthOfString('999') - 3 * TOC_PT;
}

const tocLineHeight = TOC_PT * 1.8;

/** How many pages the contents take (measured before the sections are laid out). */
function tocPages(pdf: Pdf, entries: Pick<TocEntry, 'text' | 'indent'>[]): number {
  const first = BOTTOM - TOP - SIZE_PT.title * 1.4 - LINE_PT * 0.6;
  const perPage = BOTTOM - TOP;
  let pages = 1, room = first;
  for (const e of entries) {
    const h = wrapChars(pdf, e.text, tocTextWidth(pdf, e)).length * tocLineHeight;
    if (h > room) { pages++; room = perPage; }
    room -= h;
  }
  return pages;
}

/** The contents: each entry, a dotted leader and its page (numbered as printed: the cover is not counted). */
function contents(pdf: Pdf, pageIndex: number, entries: TocEntry[]): void {
  let index = pageIndex;
  pdf.switchToPage(index);
  heading(pdf, '目\u3000录');
  for (const e of entries) {
    const lines = wrapChars(pdf, e.text, tocTextWidth(pdf, e));
    if (pdf.y + lines.length * tocLineHeight > BOTTOM) {
      pdf.switchToPage(++index);
      pdf.y = TOP;
    }
    pdf.font('body').fontSize(TOC_PT).fillColor('black');
    const x = LEFT + (e.indent ? 2 * TOC_PT : 0);
    let y = pdf.y;
    for (const [i, line] of lines.entries()) {
      if (i) y += tocLineHeight;
      pdf.text(line, x, y, { lineBreak: false });
    }
    // The page number on the entry's last line, after a dotted leader.
    const num = String(e.page);
    const numW = pdf.widthOfString(num);
    pdf.text(num, LEFT + TEXT_WIDTH_PT - numW, y, { lineBreak: false });
    const from = x + pdf.widthOfString(lines[lines.length - 1] ?? '') + 6;
    pdf.save().lineWidth(0.8).dash(1, { space: 3 }).strokeColor('#888888')
      .moveTo(from, y + TOC_PT * 0.85).lineTo(LEFT + TEXT_WIDTH_PT - numW - 6, y + TOC_PT * 0.85).stroke().restore();
    pdf.y = y + tocLineHeight;
  }
}

function timeline(pdf: Pdf, events: DossierContent['events']): void {
  heading(pdf, '办理过程');
  const dateW = 30 * MM;
  for (const [i, e] of events.entries()) {
    pdf.font('body').fontSize(SMALL);
    const what = `${i + 1}. ${e.label}${e.state ? `（→ ${e.state}）` : ''}\u3000${e.who}`;
    const h = pdf.heightOfString(what, { width: TEXT_WIDTH_PT - dateW });
    if (pdf.y + h > BOTTOM) pdf.addPage();
    const y = pdf.y;
    pdf.fillColor('#333333').text(e.on, LEFT, y, { width: dateW, lineBreak: false });
    pdf.fillColor('black').text(what, LEFT + dateW, y, { width: TEXT_WIDTH_PT - dateW, lineGap: 4 });
    pdf.y += 4;
  }
  if (events.length === 0) pdf.font('body').fontSize(SIZE_PT.body).text('（无）', LEFT, pdf.y);
}

function attachmentList(pdf: Pdf, attachments: DossierContent['attachments']): void {
  heading(pdf, '附件清单');
  pdf.font('body').fontSize(SIZE_PT.body);
  if (attachments.length === 0) pdf.text('（无附件）', LEFT, pdf.y);
  for (const [i, a] of attachments.entries()) {
    pdf.font('body').fontSize(SIZE_PT.body);
    if (pdf.y + LINE_PT > BOTTOM) pdf.addPage();
    pdf.text(`${i + 1}. ${a.name}${a.note ? `（${a.note}）` : ''}`, LEFT, pdf.y, { width: TEXT_WIDTH_PT, lineGap: LINE_PT - pdf.currentLineHeight(true) });
  }
}

export function renderDossierPdf(d: DossierContent): Promise<Buffer> {
  const pdf = newPdf({ title: `信访事项卷宗（${d.caseNumber}）`, author: d.compiledBy, date: d.compiledOn });
  cover(pdf, d);
  // The contents' pages are kept now and written last, when every section's page is known.
  const docEntry = (doc: DocumentContent) => `${doc.title}（${doc.docNumber}）`;
  const planned = [
    { text: '一、办理过程', indent: false }, { text: '二、文书', indent: false },
    ...d.documents.map((doc) => ({ text: docEntry(doc), indent: true })), { text: '三、附件清单', indent: false },
  ];
  const tocIndex = pdf.bufferedPageRange().count;
  for (let i = tocPages(pdf, planned); i > 0; i--) pdf.addPage();
  /** The printed number of the page being written (the cover carries none). */
  const printed = () => pdf.bufferedPageRange().count - 1;
  const toc: TocEntry[] = [];
  pdf.addPage();
  toc.push({ text: '一、办理过程', page: printed(), indent: false });
  timeline(pdf, d.events);
  toc.push({ text: '二、文书', page: printed() + 1, indent: false });
  for (const doc of d.documents) {
    pdf.addPage();
    toc.push({ text: docEntry(doc), page: printed(), indent: true });
    layoutDocument(pdf, doc, LINE_PT, true);
  }
  pdf.addPage();
  toc.push({ text: '三、附件清单', page: printed(), indent: false });
  attachmentList(pdf, d.attachments);
  contents(pdf, tocIndex, toc);
  return finish(pdf, 1);
}
