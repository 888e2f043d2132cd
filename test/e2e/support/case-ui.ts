/**
 * Driving the case screens as staff do: open a case, pick an action, fill its generated form, submit,
 * confirm an irreversible act, and wait for the event and the new state. Shared by the case and
 * approval browser tests.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { animationsSettled, SCREENSHOT_DIR } from './e2e.js';

/** The action form (not the confirmation stacked over it). */
export const formDialog = (page: Page) => page.locator('.ant-modal[role="dialog"]:not(.ant-modal-confirm)').last();
/** The confirmation of an irreversible act. */
export const confirmDialog = (page: Page) => page.locator('.ant-modal-confirm.action-confirm');

export const stateLabel = (page: Page) => page.locator('.case-view [data-testid="case-state"]').textContent();
export const eventCount = (page: Page) => page.locator('.case-view [data-testid="case-event"]').count();

export async function openCase(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/cases/${id}`);
  await page.locator('.case-view [data-testid="case-state"]').waitFor();
  await page.locator('.case-actions').waitFor();
  await page.locator('[data-testid="case-event"]').first().waitFor();
}

/** As staff open a case all day: from the queue (待办), into the detail drawer. */
export async function openFromQueue(page: Page, baseUrl: string, title: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/queue`);
  await page.getByRole('row').filter({ hasText: title }).first().click();
  await page.locator('.ant-drawer-open .case-view [data-testid="case-state"]').waitFor();
  await page.locator('.ant-drawer-open .case-actions').waitFor();
  await page.locator('.ant-drawer-open [data-testid="case-event"]').first().waitFor();
}

const isActionRequest = (action: string) => (r: { url(): string; method(): string }) => r.method() === 'POST' && r.url().includes(`/actions/${action}`);

/**
 * Clicks 提交 in an open action form; with `confirm`, checks the confirmation appears and confirms it.
 * A click lost while a modal still moves sends nothing: look for the request (or the confirmation),
 * and click once more if none came (a real double submit would be refused by the version check).
 * Returns the confirmation's text ('' without one).
 */
export async function submitForm(page: Page, action: string, dialog: Locator, confirm: boolean): Promise<string> {
  const submit = dialog.getByRole('button', { name: /提\s*交/ });
  await animationsSettled(page);
  if (!confirm) {
    const requested = page.waitForRequest(isActionRequest(action), { timeout: 5_000 }).then(() => true, () => false);
    await submit.click();
    if (!(await requested)) await submit.click();
    return '';
  }
  const c = confirmDialog(page);
  await submit.click();
  if (!(await c.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await submit.click();
  await c.waitFor();
  await animationsSettled(page);
  const text = (await c.getByTestId('action-consequence').textContent()) ?? '';
  const ok = c.getByRole('button', { name: '确认提交' });
  const requested = page.waitForRequest(isActionRequest(action), { timeout: 5_000 }).then(() => true, () => false);
  await ok.click();
  if (!(await requested) && (await c.count()) > 0) await ok.click();
  return text;
}

/**
 * Click an allowed action, let `fill` complete its form, submit (confirming when `confirm`), and wait
 * for the new event and state. Returns the confirmation's text.
 */
export async function act(
  page: Page, action: string, expectState: string,
  fill: (dialog: Locator) => Promise<void> = () => Promise.resolve(), opts: { confirm?: boolean } = {},
): Promise<string> {
  const before = await eventCount(page);
  await page.locator(`.case-actions button[data-action="${action}"]`).click();
  const dialog = formDialog(page);
  await dialog.waitFor();
  await fill(dialog);
  const said = await submitForm(page, action, dialog, opts.confirm ?? false);
  await settle(page, action, dialog);
  await expect.poll(() => eventCount(page)).toBe(before + 1);
  await expect.poll(() => stateLabel(page)).toBe(expectState);
  return said;
}

/** Either the form closes, or it shows the server's refusal: fail with that message. */
export async function settle(page: Page, action: string, dialog: Locator): Promise<void> {
  const error = dialog.getByTestId('action-error');
  const settled = async () => (await dialog.count()) === 0 || (await error.count()) > 0;
  await expect.poll(settled, { timeout: 30_000 }).toBe(true).catch(async (e: unknown) => {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `scratch-failed-${action}.png`) });
    throw new Error(`${action}: the form neither closed nor showed a refusal; it shows: ${await dialog.innerText().catch(() => '?')}`, { cause: e });
  });
  if ((await dialog.count()) > 0) throw new Error(`${action}: ${await error.textContent()}`);
}

export async function chooseOption(page: Page, dialog: Locator, label: string, option: string) {
  const field = dialog.getByLabel(label, { exact: true });
  const select = field.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const open = page.locator('.ant-select-dropdown:visible');
  // A click landing during the list's opening motion may select nothing, or leave the list open
  // over the form's buttons: check the chosen value, and try again as a person would.
  for (let attempt = 0; attempt < 4 && !(await select.textContent())?.includes(option); attempt++) {
    if (!(await open.count())) await select.locator('.ant-select-selector').click();
    await open.locator('.ant-select-item-option', { hasText: option }).first().waitFor();
    await page.waitForTimeout(250 * (attempt + 1));
    await open.locator('.ant-select-item-option', { hasText: option }).first().click();
    await expect.poll(async () => (await select.textContent())?.includes(option), { timeout: 2_000 }).toBe(true).catch(() => {});
  }
  expect(await select.textContent()).toContain(option);
  if (!(await open.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) {
    await page.keyboard.press('Tab');
    await open.waitFor({ state: 'hidden' });
  }
}

/** The selected value of a select field in a form. */
export const selectText = (dialog: Locator, label: string) =>
  dialog.getByLabel(label).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').textContent();

/** One opinion per request: the outcome radio and the reasoning, then facts and basis. */
export async function fillOpinion(dialog: Locator, outcomes: string[], facts = '经调查，该公司拖欠钟德福等人工资属实。') {
  const blocks = dialog.locator('[data-testid="opinion-request"]');
  expect(await blocks.count()).toBe(outcomes.length);
  for (const [i, o] of outcomes.entries()) {
    await blocks.nth(i).locator('label.ant-radio-wrapper', { hasText: new RegExp(`^${o}$`) }).click();
    await blocks.nth(i).getByLabel(`诉求${i + 1}理由`).fill(`第${i + 1}项：经核实，${o}。`);
  }
  await dialog.getByLabel('查明事实').fill(facts);
  await dialog.getByLabel('处理依据').fill('《保障农民工工资支付条例》第三条');
}

/**
 * The named leader decides the pending request from the case itself (批准 / 签发 in the approval
 * notice), confirming in the dialog; waits for the new event. Returns the dialog's result text.
 */
export async function decideInCase(page: Page, mode: 'approve' | 'refuse', reason?: string): Promise<string> {
  const before = await eventCount(page);
  await page.locator(`.case-view [data-testid="case-approvals"] button[data-decide="${mode}"]`).first().click();
  const dialog = page.locator('.ant-modal.approval-dialog');
  await dialog.waitFor();
  if (reason) await dialog.getByLabel('不予批准（退回修改）的理由').fill(reason);
  await animationsSettled(page);
  await dialog.getByTestId('approval-submit').click();
  await dialog.getByTestId('approval-result').waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
    throw new Error(`decision: ${await dialog.innerText().catch(() => '?')}`, { cause: e });
  });
  const result = (await dialog.getByTestId('approval-result').textContent()) ?? '';
  await dialog.getByRole('button', { name: /关\s*闭/ }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(() => eventCount(page)).toBe(before + 1);
  return result;
}

/**
 * Opens an action's form while recording every action the page POSTs from then on, with the case's
 * event count before: for checks that a form refusing its input sends nothing and changes nothing.
 */
export async function openWatchedAction(page: Page, action: string): Promise<{ dialog: Locator; sent: string[]; eventsBefore: number }> {
  const eventsBefore = await eventCount(page);
  const sent: string[] = [];
  page.on('request', (q) => { if (q.method() === 'POST' && q.url().includes('/actions/')) sent.push(q.url()); });
  await page.locator(`.case-actions button[data-action="${action}"]`).click();
  const dialog = formDialog(page);
  await dialog.waitFor();
  return { dialog, sent, eventsBefore };
}
