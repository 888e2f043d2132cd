/**
 * One document of every kind as the engine really issues it: every action each demo user (and the
 * petitioner) may take on the catalogue of cases (stateFixtures), applied with a valid input, its
 * documents kept with the case the action left — the data shape the store freezes.
 */
import { DEMO_ORGANS } from '../../src/demo/organ-tree.js';
import { documentNumber, frozenOutput } from '../../src/app/case-rows.js';
import type { DocumentNames, IssuedDocument } from '../../src/domain/documents/document-content.js';
import { applyAction, availableActions, type Applied } from '../../src/domain/lifecycle/engine.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { DOCUMENT_KINDS, DOCUMENTS, type DocumentKind } from '../../src/domain/model/documents.js';
import { DEMO_STAFF, PETITIONER, contextFor, stateFixtures, validInput } from './domain-fixtures.js';

export interface IssuedSample { doc: IssuedDocument; case: CaseRecord }

/** The kinds current rules issue (legacy ones are only shown in old timelines). */
export const CURRENT_KINDS: readonly DocumentKind[] = DOCUMENT_KINDS.filter((k) => !('legacy' in DOCUMENTS[k]));

const organName = (id: string | null | undefined): string => DEMO_ORGANS.find((o) => o.id === id)?.name ?? '';

export const DEMO_NAMES: DocumentNames = {
  organ: organName,
  user: (id) => DEMO_STAFF.find((u) => u.id === id)?.name ?? '',
};

/** One sample per kind, issued on `issuedOn` (the files' 成文日期), numbered as the store numbers them. */
export function issuedSamples(issuedOn = '2026-12-07'): Map<DocumentKind, IssuedSample> {
  const found = new Map<DocumentKind, IssuedSample>();
  const actors = [...DEMO_STAFF.map((u) => u.username), PETITIONER];
  const keep = (applied: Applied) => {
    for (const d of applied.documents) {
      if (found.has(d.kind)) continue;
      const docNumber = documentNumber(organName(d.organId), d.kind, Number(issuedOn.slice(0, 4)), found.size + 1);
      found.set(d.kind, { doc: { kind: d.kind, organId: d.organId, data: d.data, issuedOn, docNumber }, case: applied.case });
    }
  };
  for (const fx of stateFixtures()) {
    for (const actor of actors) {
      const ctx = contextFor(actor, fx.today, { world: fx.world, linkedCases: fx.linkedCases, caseId: fx.case.id });
      for (const a of availableActions(fx.case, ctx)) {
        if (!a.allowed) continue;
        const input = validInput(a.action, fx.case, ctx);
        if (input === undefined) continue;
        let applied: Applied;
        try {
          applied = frozenOutput(applyAction(fx.case, a.action, input, ctx));
        } catch {
          continue;
        }
        keep(applied);
        // Mediation and settlement agreements: the opinion's other forms (variants 2 and 3), once signed.
        if (a.action === 'draft_opinion') {
          for (const variant of [2, 3]) {
            const drafted = applyAction(fx.case, 'draft_opinion', validInput('draft_opinion', fx.case, ctx, variant)!, ctx).case;
            for (const leader of DEMO_STAFF.filter((u) => u.roles.includes('leader'))) {
              const lctx = contextFor(leader.username, fx.today, { world: fx.world, linkedCases: fx.linkedCases, caseId: fx.case.id });
              const sign = validInput('sign_opinion', drafted, lctx);
              if (sign) keep(frozenOutput(applyAction(drafted, 'sign_opinion', sign, lctx)));
            }
          }
        }
      }
      if (CURRENT_KINDS.every((k) => found.has(k))) return found;
    }
  }
  return found;
}
