/** The reminder bell in the workbench header: count announced, list accessible, an item opens the case and is marked read. */
import { describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '../../src/domain/calendar/dates.js';
import { samplePetition } from '../support/petitions.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser();

describe('reminder bell', () => {
  it('shows the overdue case with its count, opens it, and marks it read', async () => {
    const today = chinaDate(new Date());
    // A title of its own: a retried run (vitest.config.ts) finds the first try's case in the bell too.
    const title = `拖欠工资超期未转送${Math.random().toString(36).slice(2, 6)}`;
    const r = await rig.app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: addDays(today, -25), title }) });
    expect(r.status).toBe(201);
    const id = (r.json as { case: { id: string; number: string } }).case.id;

    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, 'xfj_officer');
    const bell = page.getByRole('button', { name: '提醒', exact: true });
    await bell.waitFor();
    // As many as the server counts (1 on a first run; a case may move to 超期 as the date turns at midnight).
    const unread = (await rig.app.api('xfj_officer', 'GET', '/api/reminders')).json as { unread: number };
    expect(unread.unread).toBeGreaterThanOrEqual(1);
    const label = (n: number) => (n === 0 ? '没有未读提醒' : `${n} 条未读提醒`);
    await expect.poll(() => page.locator('#reminder-count').textContent()).toBe(label(unread.unread));
    await bell.click();
    const item = page.getByRole('button', { name: new RegExp(`已超期.*未读.*${title}.*已超期 \\d+ 天`) });
    await item.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'reminder-bell-open');
    await item.click();
    await page.waitForURL(`**/staff/cases/${id}`);
    await expect.poll(() => page.locator('#reminder-count').textContent(), { timeout: 10_000 }).toBe(label(unread.unread - 1));
    await ctx.close();
  });
});
