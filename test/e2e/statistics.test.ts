/**
 * 统计分析 in a real browser, as the county petition officer on a 60-case demo: the six indicator
 * cards equal to the API's, a numerator opening the list of as many cases as it says, a month
 * chosen with the month picker, a drill-down into a subordinate and back, axe on the page, and no
 * horizontal overflow on a phone.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_NAMES } from '../../src/domain/stats/indicators.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser({ demoCases: 60 });
let page: Page;
beforeAll(async () => {
  page = await (await newContext(rig.browser)).newPage();
  await staffLogin(page, rig.app.baseUrl, 'xfj_officer');
}, 180_000);

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
/** Today in Beijing, as the browser context (Asia/Shanghai) sees it. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function cardsMatch(query: string) {
  const s = (await rig.app.api('xfj_officer', 'GET', `/api/stats/indicators?${query}`)).json;
  for (const n of INDICATOR_NAMES) {
    await expect.poll(() => page.getByTestId(`value-${n}`).textContent()).toBe(pct(s.indicators[n].value));
    await expect(page.getByTestId(`numerator-${n}`).textContent()).resolves.toBe(String(s.indicators[n].numerator));
    await expect(page.getByTestId(`denominator-${n}`).textContent()).resolves.toBe(String(s.indicators[n].denominator));
  }
  return s;
}

describe('statistics', () => {
  it('the six indicators of this year; a numerator lists its cases', async () => {
    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await page.waitForURL(/\/staff\/stats$/);
    await page.getByTestId('indicator-onTimeCompletion').waitFor();
    const from = `${today().slice(0, 4)}-01-01`;
    const s = await cardsMatch(`from=${from}&to=${today()}`);
    expect(s.counts.registered).toBeGreaterThan(0);
    await expect(page.getByTestId('count-registered').textContent()).resolves.toContain(String(s.counts.registered));

    // The first ratio with cases behind its numerator: the drawer lists as many.
    const n = INDICATOR_NAMES.find((x) => s.indicators[x].numerator > 0)!;
    const expected = s.indicators[n].numerator;
    await page.getByTestId(`numerator-${n}`).click();
    const drawer = page.locator('.figure-drawer');
    await expect.poll(() => drawer.getByTestId('figure-total').textContent()).toContain(`共计 ${expected} 件`);
    const list = (await rig.app.api('xfj_officer', 'GET', `/api/stats/indicators/cases?from=${from}&to=${today()}&indicator=${n}&part=numerator&pageSize=20`)).json;
    expect(list.total).toBe(expected);
    await expect.poll(() => drawer.locator('.figure-table tbody tr.ant-table-row').count()).toBe(Math.min(20, expected - list.hidden));
    await expect(drawer.locator('.figure-table tbody tr.ant-table-row').first().textContent()).resolves.toContain(list.items[0].number);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('a month picked with the month picker', async () => {
    const month = today().slice(0, 7);
    await page.getByText('月', { exact: true }).click();
    await page.getByLabel('统计期间').click();
    await page.locator(`.ant-picker-dropdown:visible .ant-picker-cell[title="${month}"]`).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(new RegExp(`period=month.*from=${month}-01`));
    await cardsMatch(`from=${month}-01&to=${today()}`);
    await expect(page.locator('.stats-period').textContent()).resolves.toContain(`${Number(month.slice(0, 4))}年${Number(month.slice(5))}月1日`);
    // The month's bulletin (月通报) as a Word file.
    const [bulletin] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /月通报/ }).click()]);
    expect(bulletin.suggestedFilename()).toMatch(new RegExp(`信访工作月通报-${month}\\.docx$`));
  });

  it('drills into a subordinate and back; axe; the charts', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/stats`);
    const link = page.locator('.rank-table .drill-link').first();
    await link.waitFor();
    const name = (await link.textContent())!.trim();
    await link.click();
    await page.waitForURL(/organId=/);
    const organId = new URL(page.url()).searchParams.get('organId');
    await expect.poll(() => page.locator('.stats-trail [aria-current="page"]').textContent()).toBe(name);
    const from = `${today().slice(0, 4)}-01-01`;
    await cardsMatch(`organId=${organId}&from=${from}&to=${today()}`);
    await page.getByRole('button', { name: /返回上级/ }).click();
    await page.waitForURL((u) => !u.searchParams.has('organId'));
    await page.locator('.stats-charts svg').first().waitFor();
    await expect(page.locator('.stats-charts figcaption').first().textContent()).resolves.toContain('近12个月');
    await page.mouse.move(0, 0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-statistics');
    await page.screenshot({ path: '/tmp/stats.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出\s*Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^统计指标-.+\.xlsx$/);
  });

  it('the targets of the rules profile on the cards; a subordinate\'s number in the ranking lists its own cases', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/stats`);
    await page.getByTestId('indicator-onTimeCompletion').waitFor();
    const from = `${today().slice(0, 4)}-01-01`;
    const s = (await rig.app.api('xfj_officer', 'GET', `/api/stats/indicators?from=${from}&to=${today()}&by=child`)).json;
    // The national profile: 100% for 按期办结率; no target for 满意率, so no line.
    const v = s.indicators.onTimeCompletion.value;
    await expect(page.getByTestId('target-onTimeCompletion').textContent()).resolves.toBe(`目标不低于100%${v === null ? '' : v >= 1 ? '达标' : '未达标'}`);
    expect(await page.getByTestId('target-satisfaction').count()).toBe(0);

    const unit = s.children.find((c: { self?: boolean; counts: { registered: number } }) => !c.self && c.counts.registered > 0);
    await page.getByRole('button', { name: `${unit.organName}登记${unit.counts.registered}件，查看事项` }).click();
    const drawer = page.locator('.figure-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toContain(unit.organName);
    await expect.poll(() => drawer.getByTestId('figure-total').textContent()).toContain(`共计 ${unit.counts.registered} 件`);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('shows the message of the server for a period that ends before it starts', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/stats?period=custom&from=2026-05-01&to=2026-01-01`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('统计期间的开始日期不能晚于结束日期');
  });

  it('fits a phone: no horizontal overflow', async () => {
    const phone = await (await newContext(rig.browser, 'phone')).newPage();
    await staffLogin(phone, rig.app.baseUrl, 'xfj_officer');
    await phone.goto(`${rig.app.baseUrl}/staff/stats`);
    await phone.getByTestId('indicator-onTimeCompletion').waitFor();
    await phone.locator('.stats-charts svg').first().waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/stats-phone.png', fullPage: true });
    await phone.close();
  });
});
