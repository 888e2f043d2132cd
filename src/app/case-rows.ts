/**
 * What a case becomes in the store: its columns (the record with the petitioners sealed, and the
 * values lists filter on), its event and documents as frozen, its document numbers. Pure: the case
 * service writes these rows one case at a time, bench/seed.ts a million at a time, and both write
 * the same thing.
 */
import { TERMINAL_STATES } from '../domain/model/case-states.js';
import { DOCUMENTS, type DocumentKind } from '../domain/model/documents.js';
import type { CaseRecord } from '../domain/model/case.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { PetitionContent } from '../domain/model/petition.js';
import type { Applied } from '../domain/lifecycle/engine.js';
import { nextDueDetail } from '../domain/lifecycle/clocks.js';
import { DOCUMENT_DUE_FIELDS, EVENT_DUE_FIELDS, markProvisional } from '../domain/lifecycle/provisional-dates.js';
import { actingOrganId } from '../domain/lifecycle/relations.js';
import { recommendationsOf } from '../domain/lifecycle/recommendations.js';
import { indicatorFacts } from '../domain/stats/indicator-facts.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import { sealContent, type Opened } from './personal-data.js';

const unique = (xs: string[]) => [...new Set(xs)];

/** The query code's ciphertext is bound to its case. */
export const accessCodePlace = (caseId: string) => ({ table: 'case_access_codes', column: 'code_enc', id: caseId });

/**
 * The columns of the cases row for a record (everything but id and timestamps). `earlier`: how the
 * record was opened, so fields that could not be decrypted are written back as they were stored.
 */
export function caseColumns(c: CaseRecord, organs: OrganTree, crypto: FieldCrypto, earlier?: Opened & { sealed: PetitionContent }) {
  const next = nextDueDetail(c);
  return {
    number: c.number, state: c.state, open: !TERMINAL_STATES.has(c.state), profileId: c.profileId,
    registrarOrganId: c.registrarOrganId, holderOrganId: c.holderOrganId, actingOrganId: actingOrganId(c, organs),
    nextDue: next.due, nextDueProvisional: next.provisional, receivedOn: c.content.receivedOn, channel: c.content.channel, kind: c.content.kind,
    categoryCode: c.content.categoryCode, regionCode: c.content.regionCode, title: c.content.title,
    simplified: c.simplified, accusedOrganIds: c.content.accusedOrganIds,
    involvedUserIds: c.content.involvedUserIds, assigneeId: c.assigneeId,
    approverIds: c.approvals.filter((a) => a.status === 'pending').map((a) => a.approverId),
    supervisedOrganIds: unique(c.supervisions.filter((x) => x.answeredOn === null).map((x) => x.targetOrganId)),
    supervisingOrganIds: unique(c.supervisions.filter((x) => x.answeredOn === null).map((x) => x.organId)),
    recommendedOrganIds: unique(recommendationsOf(c).filter((x) => x.answeredOn === null).map((x) => x.targetOrganId)),
    record: { ...c, content: sealContent(c.content, crypto, c.id, earlier) }, version: c.version, factsVersion: FACTS_VERSION,
  };
}

/**
 * The definitions' version of indicatorFacts: raise it when they change, and every case's facts
 * are rebuilt in the background at the next start (indicator-facts-rebuild.ts).
 */
export const FACTS_VERSION = 1;

/** The indicator_facts rows of a case; `evaluationDays` from its rules profile. */
export function indicatorFactRows(c: CaseRecord, evaluationDays: number) {
  return indicatorFacts(c, evaluationDays).map((f) => ({ caseId: c.id, ...f, channel: c.content.channel, categoryCode: c.content.categoryCode }));
}

/** The event and documents as stored: due dates copied from provisional clocks are marked so, frozen with them. */
export function frozenOutput(given: Applied): Applied {
  return {
    ...given,
    event: { ...given.event, data: markProvisional(given.event.data, EVENT_DUE_FIELDS[given.event.action], given.case) },
    documents: given.documents.map((d) => ({ ...d, data: markProvisional(d.data, DOCUMENT_DUE_FIELDS[d.kind], given.case) })),
  };
}

/** 文号: the issuing organ's name, the document's abbreviation, 〔year〕 and the organ's yearly sequence. */
export const documentNumber = (organName: string, kind: DocumentKind, year: number, n: number): string =>
  `${organName}${DOCUMENTS[kind].abbrev}〔${year}〕${n}号`;

/** The counter scope of a document's yearly sequence (counters table). */
export const documentCounterScope = (organId: string, kind: DocumentKind): string => `doc:${organId}:${kind}`;
