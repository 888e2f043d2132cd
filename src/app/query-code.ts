/**
 * Query codes (查询码): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown
 * as ABCD-EFGH. 30⁸ ≈ 6.6×10¹¹ codes; the portal also requires the phone number and rate-limits
 * attempts, so guessing is not a way in.
 */
import { randomInt } from 'node:crypto';
import type { FieldCrypto } from '../security/field-crypto.js';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newQueryCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET.charAt(randomInt(ALPHABET.length));
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Upper-case, without spaces or dashes: what the petitioner typed, as stored. */
export function normaliseQueryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Keyed MAC of the code: the database alone does not reveal it. */
export function queryCodeHash(crypto: FieldCrypto, code: string): string {
  return crypto.mac(`query-code:${normaliseQueryCode(code)}`);
}
