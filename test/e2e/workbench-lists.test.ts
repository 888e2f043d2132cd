/**
 * The workbench's lists in a real browser, as the county petition officer on a 60-case demo:
 * dashboard counts equal to the API's, the queue ordered by urgency with countdown tags, a saved
 * view that survives a reload, a row opened from the keyboard, the ledger filtered by state, and
 * the Excel export downloaded by the browser and read back with exceljs. axe on each screen.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_EXPORT_HEADERS } from '../../src/app/ledger-export.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser({ demoCases: 60 });
let page: Page;
beforeAll(async () => {
  page = await (await newContext(rig.browser)).newPage();
  await staffLogin(page, rig.app.baseUrl, 'xfj_officer');
}, 180_000);

/** 超期3天 → -3, 今日到期 → 0, 剩5天 → 5, 无期限 → ∞: the order the queue promises. */
function urgency(tag: string): number {
  const over = /超期(\d+)天/.exec(tag);
  if (over) return -Number(over[1]);
  if (tag.includes('今日到期')) return 0;
  const left = /剩(\d+)天/.exec(tag);
  return left ? Number(left[1]) : Number.POSITIVE_INFINITY;
}

async function pick(label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

describe('workbench lists', () => {
  it('dashboard: the counts of the API, each a link', async () => {
    const summary = (await rig.app.api('xfj_officer', 'GET', '/api/workbench/summary')).json;
    await page.goto(`${rig.app.baseUrl}/staff/`);
    await page.getByTestId('dash-total').waitFor();
    await expect(page.getByTestId('dash-total').textContent()).resolves.toContain(String(summary.mine.total));
    await expect(page.getByTestId('dash-overdue').textContent()).resolves.toContain(String(summary.mine.overdue));
    await expect(page.getByTestId('dash-soon').textContent()).resolves.toContain(String(summary.mine.dueSoon));
    expect(summary.mine.total).toBeGreaterThan(0);
    await page.locator('.dashboard-page svg').first().waitFor(); // the lazy chart
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-dashboard');
    await page.getByTestId('dash-total').click();
    await page.waitForURL(/\/staff\/queue$/);
  });

  it('queue: countdown tags, most urgent first; a saved view survives a reload; Enter opens the case', async () => {
    const api = (await rig.app.api('xfj_officer', 'GET', '/api/cases?pageSize=50')).json;
    const rows = page.locator('.case-table tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(50, api.total));
    const tags = await page.locator('.case-table tbody tr.ant-table-row td:first-child').allTextContents();
    const u = tags.map(urgency);
    expect(u).toEqual([...u].sort((a, b) => a - b));
    expect(await page.locator('.case-table tbody tr.ant-table-row').first().textContent()).toContain(api.items[0].number);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-queue');

    // A filter, named and saved; after a reload the view is still there and applies the filter.
    await pick('阶段', '待转送交办');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/stage=routing/);
    await page.getByRole('button', { name: '保存为视图' }).click();
    await page.getByLabel('视图名称').fill('待转送');
    await page.getByRole('button', { name: /保\s*存$/ }).click();
    await page.reload();
    await page.getByText('全部待办').click();
    await page.waitForURL(/\/staff\/queue$/);
    // The URL changes before React re-renders the bar: until 全部待办 is the selected segment, the
    // saved view's radio is still checked and a click on it changes nothing.
    await page.locator('.views-bar .ant-segmented-item-selected', { hasText: '全部待办' }).waitFor();
    await page.locator('.views-bar').getByText('待转送').click();
    await page.waitForURL(/stage=routing/);
    const routing = (await rig.app.api('xfj_officer', 'GET', '/api/cases?stage=routing')).json;
    await expect.poll(() => rows.count()).toBe(Math.min(50, routing.total));

    // Keyboard: focus a row, Enter opens the drawer.
    if (routing.total > 0) {
      await rows.first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').getByText(routing.items[0].number).first().waitFor();
      await page.keyboard.press('Escape');
    }
  });

  it('ledger: filtered by state; the Excel export is downloaded and holds the same cases', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/ledger`);
    await page.locator('.case-table tbody tr.ant-table-row').first().waitFor();
    const all = (await rig.app.api('xfj_officer', 'GET', '/api/cases/ledger?pageSize=1')).json.total;
    await expect(page.locator('.ant-pagination-total-text').textContent()).resolves.toContain(`共 ${all} 件`);
    await pick('状态', '办理中');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/state=handling/);
    const handling = (await rig.app.api('xfj_officer', 'GET', '/api/cases/ledger?state=handling&pageSize=200')).json;
    expect(handling.total).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.ant-pagination-total-text').textContent()).toContain(`共 ${handling.total} 件`);
    const states = await page.locator('.case-table tbody tr.ant-table-row td:nth-child(4)').allTextContents();
    expect(new Set(states)).toEqual(new Set(['办理中']));
    // Axe judges the page as rendered: the pointer still rests on 查询 (its hover shade is a theme matter, reported separately).
    await page.mouse.move(0, 0);
    await page.locator('body').focus();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-ledger');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出\s*Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^台账-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())) as never);
    const ws = wb.getWorksheet('台账')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_EXPORT_HEADERS]);
    expect(ws.rowCount - 1).toBe(handling.total);
    const col = (h: string) => LEDGER_EXPORT_HEADERS.indexOf(h as never) + 1;
    const numbers: string[] = [];
    for (let i = 2; i <= ws.rowCount; i++) {
      numbers.push(ws.getRow(i).getCell(col('编号')).text);
      expect(ws.getRow(i).getCell(col('状态')).value).toBe('办理中');
      expect(ws.getRow(i).getCell(col('登记日期')).value).toBeInstanceOf(Date);
    }
    expect(numbers.sort()).toEqual(handling.items.map((r: { number: string }) => r.number).sort());
  });
});
