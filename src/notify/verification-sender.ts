/**
 * Portal verification codes (查询验证码) sent through the configured SMS adapter. Sent directly,
 * not through the outbox: a code is worth ten minutes, must not sit in a table, and a lost one is
 * simply asked for again. The wording is the `verification_code` template (editable like the others).
 */
import { randomUUID } from 'node:crypto';
import { CHALLENGE_TTL_MS, type VerificationMessage, type VerificationSender } from '../app/portal-session.js';
import type { SmsAdapter } from './sms/adapter.js';
import { TEMPLATES, render, type TemplateKey } from './templates.js';

export const VERIFICATION_TEMPLATE_KEY: TemplateKey = 'verification_code';

export class SmsVerificationSender implements VerificationSender {
  constructor(
    private readonly adapter: SmsAdapter,
    /** The wording in force (NotificationService.templateBody); the default when not given. */
    private readonly body: () => Promise<string> = () => Promise.resolve(TEMPLATES[VERIFICATION_TEMPLATE_KEY].body),
  ) {}

  async send(m: VerificationMessage): Promise<void> {
    const params = { code: m.code, number: m.caseNumber, minutes: String(CHALLENGE_TTL_MS / 60_000) };
    await this.adapter.send({
      deliveryId: `verify-${randomUUID()}`, phone: m.phone, templateKey: VERIFICATION_TEMPLATE_KEY, params,
      text: render(await this.body(), params),
    });
  }
}
