/**
 * The notices as printed in the workbench (OfficialDocument) and shown on the portal (DocumentBody),
 * both from the one composition (document-content.ts), rendered to text for every document kind that carries a computed due date: a provisional date
 * reads 预计 with its note, a certain one reads plain, and a missing one (a clock with no date)
 * falls back to the statutory wording — never "于前", "至）", "null" or "undefined".
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { composeDocument, type DocumentNames, type IssuedDocument } from '../../src/domain/documents/document-content.js';
import { DOCUMENT_DUE_FIELDS } from '../../src/domain/lifecycle/provisional-dates.js';
import type { DocumentKind } from '../../src/domain/model/case.js';
import { registerCase } from '../../test/support/domain-fixtures.js';
import { DocumentBody } from '../portal/components/DocumentView';
import { OfficialDocument } from '../staff/pages/PrintDocument';

const c = registerCase('xfj_clerk', { receivedOn: '2026-11-20' });
const names: DocumentNames = { organ: () => '于都县人力资源和社会保障局', user: () => '张伟', petitioner: '钟德福' };
const text = (html: string) => html.replace(/<[^>]+>/g, '');
const printedText = (doc: IssuedDocument) => text(renderToStaticMarkup(<OfficialDocument content={composeDocument(doc, c, names)} />));
/** The portal: the same composition, no staff named (portal-service.ts). */
const portalText = (doc: IssuedDocument) => {
  const content = composeDocument(doc, c, { ...names, user: () => '' });
  return text(renderToStaticMarkup(<DocumentBody doc={{ id: 'd1', kind: doc.kind, title: content.title, docNumber: doc.docNumber, organ: content.organName, issuedOn: doc.issuedOn, data: doc.data, content }} />));
};

/** The other data each kind carries, as transitions.ts issues it. */
const BASE: Partial<Record<DocumentKind, Record<string, unknown>>> = {
  forwarding_slip: { to: 'county-rsj', toName: '于都县人力资源和社会保障局', note: '' },
  acceptance_notice: { receivedOn: '2026-11-20', senderOrganId: 'county-xfj', simplified: false },
  extension_notice: { days: 30, reason: '需补充调查', approverId: 'u-rsj_leader' },
  review_acceptance_notice: { requestedOn: '2026-12-20' },
  rereview_acceptance_notice: { requestedOn: '2026-12-20' },
};

function variants(kind: DocumentKind, field: string) {
  const base = BASE[kind] ?? {};
  return {
    provisional: { ...base, [field]: '2027-01-19', provisionalDates: [field] },
    certain: { ...base, [field]: '2027-01-19' },
    none: { ...base, [field]: null },
  };
}

function expectNoHoles(t: string) {
  expect(t).not.toMatch(/null|undefined|NaN/);
  expect(t).not.toMatch(/于前|至）|（至）|至。|延长\d+日，至，/);
}

describe('documents with a computed due date', () => {
  for (const [kind, fields] of Object.entries(DOCUMENT_DUE_FIELDS) as [DocumentKind, Record<string, string>][]) {
    for (const field of Object.keys(fields)) {
      it(`${kind}.${field}: printed and on the portal, provisional / certain / missing`, () => {
        for (const [v, data] of Object.entries(variants(kind, field))) {
          const doc = { id: 'd1', caseId: c.id, eventSeq: 3, kind, docNumber: '于都县人力资源和社会保障局受〔2026〕1号', organId: 'county-rsj', issuedOn: '2026-11-20', data };
          const printed = printedText(doc);
          expectNoHoles(printed);
          if (v === 'provisional') expect(printed, `${kind} ${v}`).toContain('2027年1月19日（预计，以国务院公布的节假日安排为准）');
          if (v === 'certain') {
            expect(printed).toContain('2027年1月19日');
            expect(printed).not.toContain('预计');
          }
          if (v === 'none') expect(printed).not.toContain('2027年');
          // The portal shows only the public fields (portal-service.ts): the forwarding slip is not one.
          if (kind === 'forwarding_slip') continue;
          const shown = portalText(doc);
          expectNoHoles(shown);
          if (v === 'provisional') expect(shown).toContain('2027年1月19日（预计，以国务院公布的节假日安排为准）');
          if (v === 'certain') expect(shown).not.toContain('预计');
        }
      });
    }
  }
});

describe('the service receipt', () => {
  it('names the opinion served by its title, once: 信访处理意见书, 复查意见书, not 复查意见意见书', () => {
    for (const [stage, title] of [['handling', '信访处理意见书'], ['review', '复查意见书'], ['rereview', '复核意见书']]) {
      const doc = { id: 'd1', caseId: c.id, eventSeq: 9, kind: 'service_receipt' as const, docNumber: '于都县人力资源和社会保障局送〔2027〕1号', organId: 'county-rsj', issuedOn: '2027-01-05', data: { stage, method: 'mail', servedOn: '2027-01-05' } };
      const printed = printedText(doc);
      expect(printed).toContain(`送达文书${title}（${c.number}）`);
      expect(printed).not.toContain('意见意见书');
    }
  });
});
