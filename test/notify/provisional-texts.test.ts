/**
 * Every SMS template rendered with a provisional date, with a certain one and with no date at all:
 * the text says 预计 and its note where the date is provisional, and never holds an empty date slot
 * ("将于前"), "null" or "undefined" (issue 9, defect 7: "将于前出具处理意见").
 */
import { describe, expect, it } from 'vitest';
import type { CaseEventNotice } from '../../src/app/case-events.js';
import { messageFor } from '../../src/notify/outbox.js';
import { render, TEMPLATE_KEYS, TEMPLATES, type TemplateKey } from '../../src/notify/templates.js';
import { registerCase } from '../support/domain-fixtures.js';

const c = registerCase('xfj_clerk');
function notice(action: string, data: Record<string, unknown>, toState = c.state): CaseEventNotice {
  return {
    case: c, documents: [], queryCode: 'ABCD2345',
    event: { caseId: c.id, seq: 2, action, at: '2026-11-20T02:00:00.000Z', on: '2026-11-20', actorId: 'u-rsj_handler', actorKind: 'staff', actorOrganId: 'county-rsj', fromState: c.state, toState, data },
  };
}
const organ = () => '于都县人力资源和社会保障局';

/** Per template, the events that send it, in three variants of their date. */
const EVENTS: Record<Exclude<TemplateKey, 'verification_code'>, (v: 'provisional' | 'certain' | 'none') => CaseEventNotice> = {
  registered: () => notice('register', { channel: 'letter' }),
  accepted: (v) => notice('accept', v === 'none' ? { handlingDue: null } : { handlingDue: '2027-01-19', ...(v === 'provisional' ? { provisionalDates: ['handlingDue'] } : {}) }),
  not_accepted: () => notice('decline', { reason: '不属于受理范围' }),
  diverted: () => notice('divert', { routeLabel: '劳动仲裁' }),
  redirected: () => notice('redirect_outside', {}),
  extended: (v) => notice('approve_extension', v === 'none' ? { days: 30, newDue: null } : { days: 30, newDue: '2027-02-18', ...(v === 'provisional' ? { provisionalDates: ['newDue'] } : {}) }),
  opinion_served: () => notice('serve', { stage: 'handling' }, 'served'),
  review_served: () => notice('serve', { stage: 'review' }, 'review_served'),
  rereview_served: () => notice('serve', { stage: 'rereview' }, 'rereview_served'),
  not_reaccepted: () => notice('decline_final_matter', { earlierCaseId: 'x', earlierNumber: '360731-2024-000800' }),
  referred: () => notice('forward_discipline', { to: 'county-jw' }),
};

function expectNoHoles(text: string) {
  expect(text).not.toMatch(/null|undefined|NaN|\{|\}/);
  expect(text).not.toMatch(/于前|延至。|至）|（至）|日，(,|，)/);
}

describe('SMS texts', () => {
  for (const key of TEMPLATE_KEYS) {
    if (key === 'verification_code') continue;
    it(`${key}: provisional, certain and missing dates all read whole`, () => {
      for (const v of ['provisional', 'certain', 'none'] as const) {
        const planned = messageFor(EVENTS[key](v), organ);
        expect(planned?.templateKey, `${key}/${v}`).toBe(key);
        const text = render(TEMPLATES[key].body, planned!.params);
        expectNoHoles(text);
        if (!TEMPLATES[key].placeholders.includes('due' as never)) continue;
        const date = key === 'accepted' ? '2027年1月19日' : '2027年2月18日';
        if (v === 'provisional') expect(text).toContain(`将于${date}（预计，以国务院公布的节假日安排为准）前出具处理意见`);
        if (v === 'certain') expect(text).toContain(`将于${date}前出具处理意见`);
        if (v === 'none') expect(text).toContain('将于法定办理期限届满前出具处理意见');
      }
    });
  }

  it('verification_code has no date', () => {
    expectNoHoles(render(TEMPLATES.verification_code.body, { code: '123456', number: c.number, minutes: '5' }));
  });
});
