/** How an SMS leaves Minsheng. Adapters must be idempotent per delivery id (see each adapter). */
import { maskPhone } from '../../domain/identity/id-number.js';

export interface SmsMessage {
  /** The outbox row id: the same on every attempt of the same message. */
  deliveryId: string;
  /** Mainland mobile, 11 digits. */
  phone: string;
  templateKey: string;
  params: Record<string, string>;
  /** The rendered text (the file adapter sends it; cloud providers render their approved template). */
  text: string;
}

export interface SmsAdapter {
  readonly name: string;
  send(msg: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** A provider's refusal: `retryable` says whether trying later can succeed. */
export class SmsError extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'SmsError';
  }
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
}
export const consoleLogger: Logger = { info: (m) => console.log(m), warn: (m) => console.warn(m) };

/** Mainland mobile numbers in any text (a provider's error message may echo one) → masked. */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g, (m) => maskPhone(m.slice(-11)));
}

/** fetch with a time limit; network failures and timeouts are retryable. */
export async function fetchWithTimeout(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const name = (e as Error).name;
    throw new SmsError(name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK', name === 'TimeoutError' ? '短信平台响应超时' : '无法连接短信平台', true);
  }
}
