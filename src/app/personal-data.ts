/**
 * Personal data of petitioners at rest and in views. At rest: ID number, phone and address are
 * encrypted (SM4), and in accusations (检举控告) the accusers' names too. In views: masked by
 * default; an accusation's accuser and material are shown only to discipline inspection and the
 * organ handling it (Art 30).
 */
import { maskIdNumber, maskPhone } from '../domain/identity/id-number.js';
import type { CaseRecord } from '../domain/model/case.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { PetitionContent, Petitioner } from '../domain/model/petition.js';
import type { StaffUser } from '../domain/model/user.js';
import { maySeeAccuser } from '../domain/access/personal-data-access.js';
import { FieldCrypto } from '../security/field-crypto.js';

const enc = (fc: FieldCrypto, v: string | null | undefined) => (v ? fc.encrypt(v) : v ?? null);
const dec = (fc: FieldCrypto, v: string | null | undefined) => (v && FieldCrypto.isCiphertext(v) ? fc.decrypt(v) : v ?? null);

/** Encrypt what must not be stored in clear. Idempotent on already sealed values. */
export function sealContent(content: PetitionContent, fc: FieldCrypto): PetitionContent {
  const accusation = content.kind === 'accusation';
  const seal = (v: string | null | undefined) => (v && FieldCrypto.isCiphertext(v) ? v : enc(fc, v));
  return {
    ...content,
    petitioners: content.petitioners.map((p) => ({
      ...p,
      name: accusation ? seal(p.name)! : p.name,
      idNumber: seal(p.idNumber),
      phone: seal(p.phone),
      address: seal(p.address),
    })),
  };
}

export function openContent(content: PetitionContent, fc: FieldCrypto): PetitionContent {
  return {
    ...content,
    petitioners: content.petitioners.map((p) => ({ ...p, name: dec(fc, p.name)!, idNumber: dec(fc, p.idNumber), phone: dec(fc, p.phone), address: dec(fc, p.address) })),
  };
}

/** Blind indexes of the case's people, for lookup by exact ID number or phone. */
export function partyIndexes(content: PetitionContent, fc: FieldCrypto): { idNumberIndex: string | null; phoneIndex: string | null }[] {
  return content.petitioners
    .map((p) => ({
      idNumberIndex: p.idNumber ? fc.blindIndex('id', dec(fc, p.idNumber)!) : null,
      phoneIndex: p.phone ? fc.blindIndex('phone', dec(fc, p.phone)!) : null,
    }))
    .filter((r) => r.idNumberIndex || r.phoneIndex);
}

export const maskAddress = (a: string): string => (a.length <= 6 ? `${a.slice(0, 2)}****` : `${a.slice(0, 6)}****`);
const maskName = (n: string): string => (n.length <= 1 ? '*' : n[0] + '*'.repeat(Math.min(n.length - 1, 3)));

const PROTECTED = '（检举控告人信息依法保护）';
const MATERIAL_PROTECTED = '（检举控告材料依法保护，仅纪检监察机关和承办机关可见）';

/**
 * The case as a staff member sees it by default: personal data masked; an accusation's accuser and
 * material withheld unless the user may see them. `content` must be open (decrypted).
 */
export function caseView(c: CaseRecord, user: StaffUser, tree: OrganTree): CaseRecord {
  const accusationHidden = c.content.kind === 'accusation' && !maySeeAccuser(c, user, tree);
  const petitioners = c.content.petitioners.map((p): Petitioner => ({
    ...p,
    name: accusationHidden ? PROTECTED : c.content.kind === 'accusation' ? maskName(p.name) : p.name,
    idNumber: accusationHidden ? null : p.idNumber ? maskIdNumber(p.idNumber) : null,
    phone: accusationHidden ? null : p.phone ? maskPhone(p.phone) : null,
    address: accusationHidden ? null : p.address ? maskAddress(p.address) : null,
  }));
  const content: PetitionContent = accusationHidden
    ? { ...c.content, petitioners, facts: MATERIAL_PROTECTED, reasons: MATERIAL_PROTECTED, requests: c.content.requests.map((r) => ({ no: r.no, text: MATERIAL_PROTECTED })), attachments: [] }
    : { ...c.content, petitioners };
  return { ...c, content };
}
