/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character (0–9 or X) computed with
 * ISO 7064 MOD 11-2; the 7th–14th digits are a real date of birth.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  WEIGHTS.forEach((w, i) => { sum += Number(first17[i]) * w; });
  return CHECK.charAt(sum % 11);
}

export function isValidIdNumber(id: string): boolean {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const y = +s.slice(6, 10), m = +s.slice(10, 12), d = +s.slice(12, 14);
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return idNumberCheckChar(s.slice(0, 17)) === s[17];
}

/** Mainland mobile (1[3-9]x, 11 digits) or a landline with area code (0xx-xxxxxxx). */
export function isValidPhone(phone: string): boolean {
  const s = phone.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}\d{7,8}$/.test(s);
}

/** Masked for display: 3201**********1234, 138****5678. */
export function maskIdNumber(id: string): string {
  return id.length < 8 ? '*'.repeat(id.length) : id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
