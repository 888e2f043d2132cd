/**
 * Portal verification codes (查询验证码) sent through the configured SMS adapter. Sent directly,
 * not through the outbox: a code is worth ten minutes, must not sit in a table, and a lost one is
 * simply asked for again.
 */
import { randomUUID } from 'node:crypto';
import { CHALLENGE_TTL_MS, type VerificationMessage, type VerificationSender } from '../app/portal-session.js';
import type { SmsAdapter } from './sms/adapter.js';

/** The provider-side template key (cloud providers map it to their approved template id). */
export const VERIFICATION_TEMPLATE_KEY = 'verification_code';

export function verificationText(m: VerificationMessage): string {
  return `【民声】您正在查询信访事项${m.caseNumber}的办理情况，验证码${m.code}，${CHALLENGE_TTL_MS / 60_000}分钟内有效。如非本人操作，请勿告知他人。`;
}

export class SmsVerificationSender implements VerificationSender {
  constructor(private readonly adapter: SmsAdapter) {}

  async send(m: VerificationMessage): Promise<void> {
    await this.adapter.send({
      deliveryId: `verify-${randomUUID()}`,
      phone: m.phone,
      templateKey: VERIFICATION_TEMPLATE_KEY,
      params: { code: m.code, caseNumber: m.caseNumber, minutes: String(CHALLENGE_TTL_MS / 60_000) },
      text: verificationText(m),
    });
  }
}
