/**
 * Personal data of petitioners at rest and in views. At rest: ID number, phone and address are
 * encrypted (SM4), and in accusations (检举控告) the accusers' names too. In views: masked by
 * default; an accusation's accuser and material are shown only to discipline inspection and the
 * organ handling it (Art 30). Each ciphertext is bound to its case, petitioner and field
 * (docs/decisions/019).
 */
import { maskIdNumber, maskPhone } from '../domain/identity/id-number.js';
import type { CaseRecord } from '../domain/model/case.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { PetitionContent, Petitioner } from '../domain/model/petition.js';
import type { StaffUser } from '../domain/model/user.js';
import { maySeeAccuser } from '../domain/access/personal-data-access.js';
import { UNREADABLE, type DecryptFailure, type FieldCrypto, type Place } from '../security/field-crypto.js';
import type { AuditEntryInput } from './audit-sink.js';

type SealedField = 'name' | 'idNumber' | 'phone' | 'address';

/**
 * The place a petitioner's field is bound to: the case's record, the petitioner's position, the
 * field. A ciphertext copied to another case, person or field does not decrypt there.
 */
export const partyPlace = (caseId: string, index: number, field: SealedField): Place =>
  ({ table: 'cases', column: `content.petitioners.${index}.${field}`, id: caseId });

/** Which fields are stored encrypted: ID number, phone, address; the name too in an accusation. */
export const sealedFields = (kind: PetitionContent['kind']): readonly SealedField[] =>
  (kind === 'accusation' ? ['name', 'idNumber', 'phone', 'address'] : ['idNumber', 'phone', 'address']);

/** The content as stored, and which of its fields could not be decrypted (kept as they were on the next write). */
export interface Opened { content: PetitionContent; unreadable: DecryptFailure[] }

/**
 * Encrypt what must not be stored in clear, each value bound to its place. Always encrypts: a value
 * that looks like a ciphertext is text like any other. A field that could not be decrypted when the
 * record was opened (`earlier`) and still shows UNREADABLE keeps its stored ciphertext, so a write
 * never destroys a value that a missing key might still open.
 */
export function sealContent(content: PetitionContent, fc: FieldCrypto, caseId: string, earlier?: Opened & { sealed: PetitionContent }): PetitionContent {
  const fields = sealedFields(content.kind);
  return {
    ...content,
    petitioners: content.petitioners.map((p, i) => {
      const out: Petitioner = { ...p };
      for (const f of fields) {
        const v = p[f];
        if (!v) continue;
        const place = partyPlace(caseId, i, f);
        const kept = earlier?.unreadable.some((u) => u.place.column === place.column) && v === UNREADABLE ? earlier.sealed.petitioners[i]?.[f] : undefined;
        out[f] = kept ?? fc.encrypt(v, place);
      }
      return out;
    }),
  };
}

/**
 * Decrypt the stored content for the domain and the views. A value that cannot be decrypted (tampered,
 * copied from elsewhere, its key gone, not a ciphertext at all) reads as UNREADABLE and is listed in
 * `unreadable` — the rest of the record still opens; the caller audits (unreadableEntry).
 */
export function openContent(content: PetitionContent, fc: FieldCrypto, caseId: string): Opened {
  const fields = sealedFields(content.kind);
  const unreadable: DecryptFailure[] = [];
  const petitioners = content.petitioners.map((p, i) => {
    const out: Petitioner = { ...p };
    for (const f of fields) {
      const v = p[f];
      if (!v) continue;
      const r = fc.tryDecrypt(v, partyPlace(caseId, i, f));
      if (r.ok) out[f] = r.value;
      else {
        out[f] = UNREADABLE;
        unreadable.push(r.failure);
      }
    }
    return out;
  });
  return { content: { ...content, petitioners }, unreadable };
}

/** The audit entry for values that could not be decrypted: where and why, never a value. */
export function unreadableEntry(actor: { actorId: string | null; actorOrganId: string | null }, caseId: string, failures: DecryptFailure[],
  extra: Record<string, unknown> = {}): AuditEntryInput {
  return {
    ...actor, action: 'crypto.decrypt_failed', targetType: 'case', targetId: caseId, outcome: 'error',
    detail: { ...extra, fields: failures.map((f) => ({ table: f.place.table, column: f.place.column, code: f.code })) },
  };
}

/** Blind indexes of the case's people, for lookup by exact ID number or phone. */
/** `content` must be open (decrypted). */
export function partyIndexes(content: PetitionContent, fc: FieldCrypto): { idNumberIndex: string | null; phoneIndex: string | null }[] {
  return content.petitioners
    .map((p) => ({
      idNumberIndex: p.idNumber && p.idNumber !== UNREADABLE ? fc.blindIndex('id', p.idNumber) : null,
      phoneIndex: p.phone && p.phone !== UNREADABLE ? fc.blindIndex('phone', p.phone) : null,
    }))
    .filter((r) => r.idNumberIndex !== null || r.phoneIndex !== null);
}

export const maskAddress = (a: string): string => (a.length <= 6 ? `${a.slice(0, 2)}****` : `${a.slice(0, 6)}****`);
const maskName = (n: string): string => (n.length <= 1 ? '*' : n.charAt(0) + '*'.repeat(Math.min(n.length - 1, 3)));

/** A mask leaves the unreadable marker as it is (masking it would make it look like data). */
export const unlessUnreadable = (mask: (v: string) => string) => (v: string): string => (v === UNREADABLE ? v : mask(v));

const PROTECTED = '（检举控告人信息依法保护）';
const MATERIAL_PROTECTED = '（检举控告材料依法保护，仅纪检监察机关和承办机关可见）';

/**
 * The case as a staff member sees it by default: personal data masked; an accusation's accuser and
 * material — and the text of the opinions on it — withheld unless the user may see them (Art 30).
 * `content` must be open (decrypted).
 */
export function caseView(c: CaseRecord, user: StaffUser, tree: OrganTree): CaseRecord {
  const accusationHidden = accusationMaterialHidden(c, user, tree);
  const petitioners = c.content.petitioners.map((p): Petitioner => ({
    ...p,
    name: accusationHidden ? PROTECTED : c.content.kind === 'accusation' ? unlessUnreadable(maskName)(p.name) : p.name,
    idNumber: accusationHidden ? null : p.idNumber ? unlessUnreadable(maskIdNumber)(p.idNumber) : null,
    phone: accusationHidden ? null : p.phone ? unlessUnreadable(maskPhone)(p.phone) : null,
    address: accusationHidden ? null : p.address ? unlessUnreadable(maskAddress)(p.address) : null,
  }));
  if (!accusationHidden) return { ...c, content: { ...c.content, petitioners } };
  const content: PetitionContent = {
    ...c.content, petitioners, facts: MATERIAL_PROTECTED, reasons: MATERIAL_PROTECTED,
    requests: c.content.requests.map((r) => ({ no: r.no, text: MATERIAL_PROTECTED })), attachments: [],
  };
  return {
    ...c, content,
    opinions: c.opinions.map(opinionTextWithheld),
    approvals: c.approvals.map((a) => ({ ...a, payload: opinionTextWithheld(a.payload) })),
  };
}

/**
 * Whether an accusation's material — and what the opinion on it says of it — is withheld from the
 * user: caseView's rule, for the case's events and documents too.
 */
export const accusationMaterialHidden = (c: CaseRecord, user: StaffUser, tree: OrganTree): boolean =>
  c.content.kind === 'accusation' && !maySeeAccuser(c, user, tree);

/**
 * An opinion's text withheld (Art 30), wherever it is kept — the signed opinion, the draft awaiting
 * signature (an approval's payload), an event's data, a document's frozen data: the facts found, the
 * basis and each request's reasoning; the outcomes, decision, dates and signer stay. An object
 * that is not an opinion (no facts, no outcomes) comes back unchanged.
 */
export function opinionTextWithheld<T extends Record<string, unknown>>(o: T): T {
  const outcomes = o.outcomes;
  const isOpinion = typeof o.facts === 'string' || Array.isArray(outcomes);
  if (!isOpinion) return o;
  return {
    ...o,
    ...(typeof o.facts === 'string' ? { facts: MATERIAL_PROTECTED } : {}),
    ...(typeof o.basis === 'string' ? { basis: MATERIAL_PROTECTED } : {}),
    ...(Array.isArray(outcomes)
      ? { outcomes: outcomes.map((x: unknown) => (x !== null && typeof x === 'object' && 'reasoning' in x ? { ...x, reasoning: MATERIAL_PROTECTED } : x)) }
      : {}),
  };
}
