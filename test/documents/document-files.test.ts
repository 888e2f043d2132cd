/**
 * Every kind of document the engine issues, as a PDF and a .docx (src/documents): the PDF's text
 * layer (pdftotext) and the Word file's document.xml hold the case number, the issuing organ, the
 * document number, the 成文日期 in Arabic numerals and, for opinions, every request and its answer;
 * page 1 rasterises (pdftoppm) to an inked page with a red masthead; the same content gives the same
 * bytes; the .docx is A4 and names 仿宋_GB2312 and 方正小标宋简体.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { composeDocument, type DocumentContent } from '../../src/domain/documents/document-content.js';
import { OUTCOME_LABELS } from '../../src/domain/labels.js';
import { OPINION_DOCUMENTS } from '../../src/domain/model/documents.js';
import { renderDocx } from '../../src/documents/render-docx.js';
import { renderPdf } from '../../src/documents/render-pdf.js';
import { CURRENT_KINDS, DEMO_NAMES, issuedSamples } from '../support/issued-documents.js';
import { pngStats } from '../support/png.js';

const dir = mkdtempSync(join(tmpdir(), 'minsheng-docs-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const samples = issuedSamples('2026-12-07');
/** Line breaks and justification spaces are layout, not text. */
const flat = (s: string) => s.replace(/\s+/g, '');
const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'');

function expectedTexts(content: DocumentContent, kind: string, outcomes: unknown): string[] {
  const texts = [content.caseNumber, content.organName, content.docNumber, '2026年12月7日'];
  if (OPINION_DOCUMENTS.has(content.kind)) {
    const c = samples.get(content.kind)!.case;
    for (const r of c.content.requests) texts.push(r.text);
    for (const o of outcomes as { outcome: keyof typeof OUTCOME_LABELS; reasoning: string }[]) texts.push(`${OUTCOME_LABELS[o.outcome]}。${o.reasoning}`);
    expect((outcomes as unknown[]).length, kind).toBe(c.content.requests.length);
  }
  return texts;
}

describe('document files', () => {
  it('a sample of every current kind, issued by the engine', () => {
    expect(CURRENT_KINDS.filter((k) => !samples.has(k))).toEqual([]);
  });

  for (const kind of CURRENT_KINDS) {
    it(`${kind}: PDF text and image, .docx text, fonts and A4, same bytes twice`, async () => {
      const sample = samples.get(kind)!;
      const content = composeDocument(sample.doc, sample.case, DEMO_NAMES);
      const expected = expectedTexts(content, kind, sample.doc.data.outcomes);

      const pdf = await renderPdf(content);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfPath = join(dir, `${kind}.pdf`);
      writeFileSync(pdfPath, pdf);
      const text = flat(execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' }));
      for (const t of expected) expect(text, `${kind} PDF: ${t}`).toContain(flat(t));
      expect(text).not.toMatch(/undefined|null|NaN|\[object/);

      execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', '-singlefile', pdfPath, join(dir, kind)]);
      const png = pngStats(readFileSync(join(dir, `${kind}.png`)));
      // A4 at 50 dpi: 413.4 × 584.6 pixels (pdftoppm rounds up).
      expect(Math.abs(png.width - (210 / 25.4) * 50)).toBeLessThan(1);
      expect(Math.abs(png.height - (297 / 25.4) * 50)).toBeLessThan(1);
      expect(png.inked / (png.width * png.height), `${kind}: ink on page 1`).toBeGreaterThan(0.005);
      expect(png.red, `${kind}: red masthead and rule`).toBeGreaterThan(50);

      const docx = await renderDocx(content);
      const files = unzipSync(docx);
      const xml = strFromU8(files['word/document.xml']!);
      const wordText = flat(xmlText(xml));
      for (const t of expected) expect(wordText, `${kind} docx: ${t}`).toContain(flat(t));
      expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
      expect(xml).toContain('w:eastAsia="方正小标宋简体"');
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(strFromU8(files['docProps/core.xml']!)).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-12-07T00:00:00Z</dcterms:created>');

      expect((await renderPdf(content)).equals(pdf), `${kind}: PDF bytes`).toBe(true);
      expect((await renderDocx(content)).equals(docx), `${kind}: docx bytes`).toBe(true);
    });
  }
});
