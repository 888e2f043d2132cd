/**
 * The transactional outbox: on the case events that concern the petitioner, one row per
 * petitioner's mobile, written inside the event's transaction (so a refused or rolled-back action
 * leaves none) and unique per (case, event, recipient, channel) (so an event can never yield a
 * message twice). The phone and the parameters are encrypted; nothing is rendered here.
 */
import { randomUUID } from 'node:crypto';
import type { CaseEventListener, CaseEventNotice } from '../app/case-events.js';
import type { Clock } from '../app/clock.js';
import type { ReferenceData } from '../app/reference-data.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import { normalise } from '../security/field-crypto.js';
import type { Tx } from '../store/database.js';
import type { WriteBatch } from '../store/write-batch.js';
import * as s from '../store/schema.js';
import { dueText, isProvisionalField } from '../domain/calendar/provisional-note.js';
import type { TemplateKey } from './templates.js';

/**
 * The {due} of a message: the date in Chinese, marked 预计 when provisional, or — should an event
 * carry no date — words that read right in "将于{due}前", never an empty slot.
 */
export function smsDue(data: Record<string, unknown>, field: string): string {
  return dueText(data[field], isProvisionalField(data, field), { chinese: true, none: '法定办理期限届满' });
}

/** A value of the event's data (stored JSON) for a message: a word or a number, else nothing. */
const shown = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export interface PlannedMessage {
  templateKey: TemplateKey;
  params: Record<string, string>;
}

/** Which message an event gives the petitioner, if any (pure, for tests and the listener). */
export function messageFor(n: CaseEventNotice, organName: (id: string) => string): PlannedMessage | null {
  const { event, case: c } = n;
  const number = c.number;
  const organ = organName(n.documents[0]?.organId ?? event.actorOrganId ?? c.holderOrganId);
  const d = event.data;
  switch (event.action) {
    case 'register':
      return n.queryCode ? { templateKey: 'registered', params: { number, queryCode: n.queryCode } } : null;
    case 'accept':
      return { templateKey: 'accepted', params: { number, organ, due: smsDue(d, 'handlingDue') } };
    case 'decline':
      return { templateKey: 'not_accepted', params: { number, organ } };
    case 'decline_final_matter':
      return { templateKey: 'not_reaccepted', params: { number, organ } };
    case 'forward_political_legal':
    case 'forward_discipline':
    case 'refer_to_procedure':
      return { templateKey: 'referred', params: { number, target: organName(c.holderOrganId) } };
    case 'divert':
      return { templateKey: 'diverted', params: { number, organ, route: shown(d.routeLabel) } };
    case 'redirect_outside':
      return { templateKey: 'redirected', params: { number, organ } };
    case 'approve_extension':
      return { templateKey: 'extended', params: { number, organ, days: shown(d.days), due: smsDue(d, 'newDue') } };
    case 'serve': {
      const key: TemplateKey | null = event.toState === 'served' ? 'opinion_served' : event.toState === 'review_served' ? 'review_served' : event.toState === 'rereview_served' ? 'rereview_served' : null;
      return key ? { templateKey: key, params: { number, organ } } : null;
    }
    default:
      return null;
  }
}

/** The petitioners' mainland mobiles (landlines get no SMS), one per number; none when anonymous. */
export function smsRecipients(n: CaseEventNotice): string[] {
  if (n.case.content.anonymous) return [];
  const phones = n.case.content.petitioners.map((p) => (p.phone ? normalise('phone', p.phone) : '')).filter((p) => /^1[3-9]\d{9}$/.test(p));
  return [...new Set(phones)];
}

/** An outbox row's ciphertexts are bound to the row. */
export const outboxPlace = (id: string, column: 'phone_enc' | 'params_enc') => ({ table: 'notification_outbox', column, id });

export class OutboxListener implements CaseEventListener {
  constructor(private readonly ref: ReferenceData, private readonly crypto: FieldCrypto, private readonly clock: Clock) {}

  async onCaseEvent(tx: Tx, notice: CaseEventNotice, writes: WriteBatch): Promise<void> {
    const recipients = smsRecipients(notice);
    if (recipients.length === 0) return;
    const snap = await this.ref.get();
    const planned = messageFor(notice, (id) => snap.organs.get(id)?.name ?? '');
    if (!planned) return;
    const now = this.clock.now();
    writes.add(tx.insert(s.notificationOutbox).values(recipients.map((phone) => {
      const id = randomUUID();
      return {
        id, caseId: notice.case.id, eventSeq: notice.event.seq, channel: 'sms',
        recipientKey: this.crypto.blindIndex('phone', phone), templateKey: planned.templateKey,
        phoneEnc: this.crypto.encrypt(phone, outboxPlace(id, 'phone_enc')), paramsEnc: this.crypto.encrypt(JSON.stringify(planned.params), outboxPlace(id, 'params_enc')),
        status: 'pending', attempts: 0, nextAttemptAt: now,
      };
    })).onConflictDoNothing());
  }
}
