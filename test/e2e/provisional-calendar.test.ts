/**
 * Provisional deadlines in the browser (issue 9, defect 7), with the server's clock on 2026-11-20:
 * a case whose handling period reaches 2027 (no notice yet) shows 预计 in the queue, sorted by its
 * date among the others, and in the case header; the system administrator sees the reminder to
 * enter the 2027 notice in the bell and on the calendar screen they land on. axe on each screen.
 *
 * Dates (60 calendar days, start day not counted; see test/api/provisional-calendar.test.ts):
 * accepted 2026-10-10 → 2026-12-09 (certain); 2026-11-02 → 2027-01-04 (预计); 2026-11-20 → 2027-01-19 (预计).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const clock = new FakeClock('2026-10-10');
const rig = appAndBrowser({ clock });
const ids: string[] = [];

async function acceptedOn(on: string, title: string): Promise<string> {
  clock.set(on);
  const r = await rig.app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: on, title }) });
  expect(r.status).toBe(201);
  const id = (r.json as { case: { id: string } }).case.id;
  expect((await rig.app.api('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } })).status).toBe(200);
  expect((await rig.app.api('rsj_handler', 'POST', `/api/cases/${id}/actions/accept`, { input: {} })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  ids.push(await acceptedOn('2026-10-10', '十月受理的欠薪事项'));
  ids.push(await acceptedOn('2026-11-20', '十一月下旬受理的欠薪事项'));
  ids.push(await acceptedOn('2026-11-02', '十一月初受理的欠薪事项'));
  clock.set('2026-11-20');
}, 180_000);

describe('provisional deadlines in the workbench', () => {
  let page: Page;

  it('queue: the cases reaching 2027 say 预计 and sort by their dates among the others', async () => {
    page = await (await newContext(rig.browser)).newPage();
    await staffLogin(page, rig.app.baseUrl, 'rsj_handler');
    await page.goto(`${rig.app.baseUrl}/staff/queue`);
    const rows = page.locator('.case-table tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const titles = await rows.locator('td:nth-child(3)').allTextContents();
    const tags = await rows.locator('.countdown-tag').allTextContents();
    // 11-20 → 12-09: 19 days; → 2027-01-04: 45 days; → 2027-01-19: 60 days
    expect(titles).toEqual(['十月受理的欠薪事项', '十一月初受理的欠薪事项', '十一月下旬受理的欠薪事项']);
    expect(tags).toEqual(['剩19天', '剩45天·预计', '剩60天·预计']);
    await expect(rows.nth(2).locator('.countdown-tag').getAttribute('title')).resolves.toBe('届满日 2027-01-19（预计，以国务院公布的节假日安排为准）');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'provisional-queue');

    // The ledger's 届满日期 column says it in words.
    await page.goto(`${rig.app.baseUrl}/staff/ledger`);
    const late = page.locator('.case-table tbody tr.ant-table-row', { hasText: '十一月下旬受理的欠薪事项' });
    await late.waitFor();
    await expect(late.locator('td').last().textContent()).resolves.toBe('2027-01-19（预计）');
    await expect(page.locator('.case-table tbody tr.ant-table-row', { hasText: '十月受理的欠薪事项' }).locator('td').last().textContent()).resolves.toBe('2026-12-09');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'provisional-ledger');
  });

  it('case header: the handling due date with 预计 and the note', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/cases/${ids[1]}`);
    const clock = page.getByTestId('clock-handling');
    await clock.waitFor();
    await expect(clock.textContent()).resolves.toContain('届满日 2027-01-19');
    await expect(page.getByTestId('clock-handling-provisional').textContent()).resolves.toBe('预计以国务院公布的节假日安排为准');
    // The timeline's acceptance shows the date as provisional too.
    await expect(page.getByTestId('case-timeline').textContent()).resolves.toContain('2027-01-19（预计，以国务院公布的节假日安排为准）');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'provisional-case-header');
    // The certain one has no mark.
    await page.goto(`${rig.app.baseUrl}/staff/cases/${ids[0]}`);
    await page.getByTestId('clock-handling').waitFor();
    await expect(page.getByTestId('clock-handling-provisional').count()).resolves.toBe(0);
  });
});

describe('the system administrator in November', () => {
  it('is reminded in the bell and on the calendar screen to enter the 2027 notice', async () => {
    const page = await (await newContext(rig.browser)).newPage();
    await staffLogin(page, rig.app.baseUrl, 'admin');
    // The administrator's first screen is the calendar.
    await page.waitForURL(/\/staff\/calendar/);
    const alert = page.getByTestId('calendar-pending');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('2027年节假日安排尚未录入');
    await expect(alert.textContent()).resolves.toContain('请在国务院办公厅通知发布后录入');
    await expect(page.locator('#reminder-count').textContent()).resolves.toBe('1 条未读提醒');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'provisional-calendar-admin');

    await page.getByRole('button', { name: '提醒', exact: true }).click();
    const item = page.getByRole('button', { name: /工作日历.*未读.*2027年节假日安排尚未录入.*请在国务院办公厅通知发布后录入/ });
    await item.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'provisional-reminder-bell');
    await item.click();
    await page.waitForURL(/\/staff\/calendar/);
    await expect.poll(() => page.locator('#reminder-count').textContent(), { timeout: 10_000 }).toBe('没有未读提醒');

    // The button on the reminder opens 2027, shown as the provisional calendar, ready for the notice.
    await page.getByRole('button', { name: '录入2027年安排' }).first().click();
    await page.waitForURL(/year=2027/);
    await page.getByTestId('calendar-provisional').waitFor();
    await expect(page.getByTestId('calendar-provisional').textContent()).resolves.toContain('春节 02-05（农历除夕）');
    await page.getByLabel('通知文号或标题').waitFor();
    await screenshot(page, 'provisional-calendar-2027');
  });
});
