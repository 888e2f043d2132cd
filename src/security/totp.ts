/**
 * Time-based one-time passwords (RFC 6238) as the optional second factor of staff log-in
 * (等保 level 3, 8.1.4.1 d: 应采用两种或两种以上组合的鉴别技术). Parameters are the ones every
 * authenticator app understands: HMAC-SHA1, 6 digits, 30-second steps; a code from the step
 * before or after the current one is accepted (clock drift), and each step is usable only once.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = '民声';
export const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Steps either side of the current one that are still accepted. */
export const TOTP_WINDOW = 1;

/** A fresh 160-bit secret (RFC 4226 recommends ≥ 128 bits), base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI for a QR code. */
export function totpUri(secretBase32: string, account: string): string {
  return new TOTP({ issuer: TOTP_ISSUER, label: account, secret: Secret.fromBase32(secretBase32), ...TOTP_PARAMS }).toString();
}

/** The time step a moment falls in. */
export function totpStep(at: Date): number {
  return TOTP.counter({ period: TOTP_PARAMS.period, timestamp: at.getTime() });
}

/** The code for a moment (used by tests and by nothing else in the server). */
export function generateTotp(secretBase32: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), ...TOTP_PARAMS, timestamp: at.getTime() });
}

/**
 * The time step whose code `code` is, within ±TOTP_WINDOW of `at`, or null when it matches none.
 * A step ≤ `usedStep` is refused so that a code seen once cannot be replayed.
 */
export function matchTotp(secretBase32: string, code: string, at: Date, usedStep = -1): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secretBase32), ...TOTP_PARAMS, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totpStep(at) + delta;
  return step > usedStep ? step : null;
}
