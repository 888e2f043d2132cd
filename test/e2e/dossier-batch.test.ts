/**
 * 批量导出卷宗 in a real browser, as the county petition officer on a 60-case demo: the ledger's
 * button opens the dialog (the user's organ and last month by default); a period without closed
 * cases shows the server's message in the dialog; last month downloads a zip named as the server
 * names it, holding a PDF per case and the 卷宗目录 — the same set the API gives. axe on the dialog.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser({ demoCases: 60 });
let page: Page;
beforeAll(async () => {
  page = await (await newContext(rig.browser)).newPage();
  await staffLogin(page, rig.app.baseUrl, 'xfj_officer');
}, 180_000);

/** Types a range into antd's RangePicker (start, then end, then Enter). */
async function typeRange(from: string, to: string) {
  const dialog = page.getByRole('dialog', { name: '批量导出卷宗' });
  const start = dialog.getByPlaceholder('开始日期');
  await start.click();
  await start.fill(from);
  await start.press('Enter');
  const end = dialog.getByPlaceholder('结束日期');
  await end.fill(to);
  await end.press('Enter');
}

describe('批量导出卷宗', () => {
  it('opens from the ledger with the user\'s organ and last month', async () => {
    await page.goto(`${rig.app.baseUrl}/staff/ledger`);
    await page.getByRole('button', { name: '批量导出卷宗' }).click();
    const dialog = page.getByRole('dialog', { name: '批量导出卷宗' });
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('.ant-select-selection-item').first().textContent()).toBe('于都县信访局');
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const month = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(await dialog.getByPlaceholder('开始日期').inputValue()).toBe(`${month}-01`);
    await screenshot(page, 'dossier-batch-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 60_000);

  it('shows the server\'s refusal for a period without closed cases', async () => {
    await typeRange('2020-01-01', '2020-01-31');
    const dialog = page.getByRole('dialog', { name: '批量导出卷宗' });
    await dialog.getByRole('button', { name: /导\s*出/ }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('2020-01-01至2020-01-31没有本人可查看的已办结信访事项');
    await screenshot(page, 'dossier-batch-empty');
  }, 60_000);

  it('downloads the zip of the county\'s cases closed in the last year: a PDF per case and the index, as the API gives them', async () => {
    const to = new Date().toISOString().slice(0, 10);
    // A year back: the demo's closed cases, whatever day the suite runs on (three months once came up empty).
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    await typeRange(from, to);
    // The county government holds the township's and departments' cases: pick it rather than the petition office alone.
    const dialog = page.getByRole('dialog', { name: '批量导出卷宗' });
    await dialog.getByText('导出所选机关').click(); // closes the date picker's panel
    await dialog.locator('.ant-tree-select .ant-select-selector').click();
    await page.locator('.ant-select-tree-treenode:visible').first().waitFor();
    await screenshot(page, 'dossier-batch-organs');
    await page.locator('.ant-select-tree-node-content-wrapper[title="于都县人民政府"]').click();
    await expect.poll(() => dialog.locator('.ant-select-selection-item').first().textContent()).toBe('于都县人民政府');
    const api = await fetch(`${rig.app.baseUrl}/api/dossiers.zip?organId=county&from=${from}&to=${to}`, { headers: { authorization: `Bearer ${await rig.app.token('xfj_officer')}` } });
    expect(api.status, api.status === 200 ? '' : await api.clone().text()).toBe(200);
    const expected = Object.keys(unzipSync(new Uint8Array(await api.arrayBuffer()))).sort();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), dialog.getByRole('button', { name: /导\s*出/ }).click()]);
    expect(download.suggestedFilename()).toBe(`卷宗-于都县人民政府-${from}至${to}.zip`);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(await download.path())))).sort();
    expect(names).toEqual(expected);
    expect(names).toContain('卷宗目录.xlsx');
    expect(names.filter((n) => n.endsWith('.pdf')).length).toBeGreaterThan(0);
    await page.getByRole('dialog', { name: '批量导出卷宗' }).waitFor({ state: 'detached' });
  }, 240_000);
});
