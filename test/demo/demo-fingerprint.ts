/**
 * A canonical description of the demo petitions in a database: every case (number, state, title,
 * the whole record with the petition's text and people), its events (action, actor, dates, input)
 * and its documents with their text. Random ids (case and document UUIDs) are replaced by case
 * numbers and personal data is decrypted, so two demos built from the same seed and date compare
 * equal however the keys and ids were drawn.
 */
import { asc } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { openContent } from '../../src/app/personal-data.js';
import type { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';

export interface DemoCase {
  number: string;
  state: string;
  title: string;
  nextDue: string | null;
  /** The case record as stored, with the petition's personal data decrypted. */
  record: unknown;
  events: { seq: number; action: string; on: string; at: string; actorId: string | null; fromState: string | null; toState: string; data: unknown }[];
  documents: { eventSeq: number; kind: string; docNumber: string; issuedOn: string; data: unknown }[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export async function demoFingerprint(database: Database, crypto: FieldCrypto): Promise<DemoCase[]> {
  const db = database.db;
  const cases = await db.select().from(s.cases).orderBy(asc(s.cases.number));
  const events = await db.select().from(s.caseEvents).orderBy(asc(s.caseEvents.caseId), asc(s.caseEvents.seq));
  const docs = await db.select().from(s.documents).orderBy(asc(s.documents.caseId), asc(s.documents.eventSeq), asc(s.documents.docNumber));
  const numberOf = new Map(cases.map((c) => [c.id, c.number]));
  // Case ids → case numbers; any other id (documents) → a placeholder.
  const canon = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null).replace(UUID, (id) => numberOf.get(id) ?? 'uuid'));
  return cases.map((c) => ({
    number: c.number,
    state: c.state,
    title: c.title,
    nextDue: c.nextDue,
    record: canon({ ...c.record, content: openContent(c.record.content, crypto, c.record.id).content }),
    events: events.filter((e) => e.caseId === c.id).map((e) => ({
      seq: e.seq, action: e.action, on: e.on, at: new Date(e.at).toISOString(), actorId: e.actorId,
      fromState: e.fromState, toState: e.toState, data: canon(e.data),
    })),
    documents: docs.filter((d) => d.caseId === c.id)
      .map((d) => ({ eventSeq: d.eventSeq, kind: d.kind, docNumber: d.docNumber, issuedOn: d.issuedOn, data: canon(d.data) })),
  }));
}

export const fingerprintHash = (cases: DemoCase[]): string => createHash('sha256').update(JSON.stringify(cases)).digest('hex');
