/**
 * The case detail in a real browser: a letter walked through every stage to termination by the
 * responsible demo users in turn, each step by the action button and its generated form; an
 * extension refused while the case is simplified (reason on hover and focus), then granted with
 * the head's approval; an A4 notice printed. The server clock is moved between steps (FakeClock)
 * so the statutory windows are the real ones of 2025.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { join } from 'node:path';
import { animationsSettled, launchBrowser, newContext, SCREENSHOT_DIR, screenshot, seriousA11yViolations, staffLogin, startApp, type E2eApp } from './support/e2e.js';

const clock = new FakeClock('2025-09-20');
const T0 = Date.now();
let app: E2eApp;
let browser: Browser;
const sessions = new Map<string, { ctx: BrowserContext; page: Page }>();

beforeAll(async () => {
  app = await startApp({ clock });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** One logged-in browser context per demo user, kept for the file. */
async function as(username: string): Promise<Page> {
  let s = sessions.get(username);
  if (!s) {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await staffLogin(page, app.baseUrl, username);
    s = { ctx, page };
    sessions.set(username, s);
  }
  return s.page;
}

async function openCase(page: Page, id: string): Promise<void> {
  await page.goto(`${app.baseUrl}/staff/cases/${id}`);
  await page.locator('.case-view [data-testid="case-state"]').waitFor();
  await page.locator('.case-actions').waitFor();
  await page.locator('[data-testid="case-event"]').first().waitFor();
}

/** As staff open a case all day: from the queue (待办), into the detail drawer. */
async function openFromQueue(page: Page, title: string): Promise<void> {
  await page.goto(`${app.baseUrl}/staff/queue`);
  await page.getByRole('row').filter({ hasText: title }).first().click();
  await page.locator('.ant-drawer-open .case-view [data-testid="case-state"]').waitFor();
  await page.locator('.ant-drawer-open .case-actions').waitFor();
  await page.locator('.ant-drawer-open [data-testid="case-event"]').first().waitFor();
}

const stateLabel = (page: Page) => page.locator('.case-view [data-testid="case-state"]').textContent();
const eventCount = (page: Page) => page.locator('.case-view [data-testid="case-event"]').count();

/** Click an allowed action, let `fill` complete its form, submit, and wait for the new state. */
async function act(page: Page, action: string, expectState: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void> = async () => {}) {
  const before = await eventCount(page);
  await page.locator(`.case-actions button[data-action="${action}"]`).click();
  const dialog = page.locator('.ant-modal[role="dialog"]');
  await dialog.waitFor();
  await fill(dialog);
  const submit = dialog.getByRole('button', { name: /提\s*交/ });
  await animationsSettled(page);
  // A click lost while the modal still moves sends nothing: look for the request, click once more
  // if none went out (a real double submit would be refused by the version check, and fail here).
  const isAction = (r: { url(): string; method(): string }) => r.method() === 'POST' && r.url().includes(`/actions/${action}`);
  const requested = page.waitForRequest(isAction, { timeout: 5_000 }).then(() => true, () => false);
  await submit.click();
  if (!(await requested)) await submit.click();
  // Either the form closes, or it shows the server's refusal: fail with that message.
  const error = dialog.getByTestId('action-error');
  const settled = async () => (await dialog.count()) === 0 || (await error.count()) > 0;
  await expect.poll(settled, { timeout: 30_000 }).toBe(true).catch(async (e: unknown) => {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `scratch-failed-${action}.png`) });
    throw new Error(`${action}: the form neither closed nor showed a refusal; it shows: ${await dialog.innerText().catch(() => '?')}`, { cause: e });
  });
  if ((await dialog.count()) > 0) throw new Error(`${action}: ${await error.textContent()}`);
  await expect.poll(() => eventCount(page)).toBe(before + 1);
  await expect.poll(() => stateLabel(page)).toBe(expectState);
  if (process.env.E2E_TIMING) console.log(`[case-lifecycle] ${((Date.now() - T0) / 1000).toFixed(1)} s ${action}`);
}

async function chooseOption(page: Page, dialog: ReturnType<Page['getByRole']>, label: string, option: string) {
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

/** One opinion per request: the outcome radio and the reasoning, then facts and basis. */
async function fillOpinion(dialog: ReturnType<Page['getByRole']>, outcomes: string[]) {
  const blocks = dialog.locator('[data-testid="opinion-request"]');
  expect(await blocks.count()).toBe(outcomes.length);
  for (const [i, o] of outcomes.entries()) {
    await blocks.nth(i).locator('label.ant-radio-wrapper', { hasText: new RegExp(`^${o}$`) }).click();
    await blocks.nth(i).getByLabel(`诉求${i + 1}理由`).fill(`第${i + 1}项：经核实，${o}。`);
  }
  await dialog.getByLabel('查明事实').fill('经调查，该公司拖欠钟德福等人工资属实。');
  await dialog.getByLabel('处理依据').fill('《保障农民工工资支付条例》第三条');
}

describe('case detail, actions and notices', () => {
  let id = '';
  let number = '';

  it('walks a letter through every stage to termination, each step by its responsible user', async () => {
    // Everyone logs in first, side by side (password hashing is the slow part).
    await Promise.all(['xfj_officer', 'rsj_leader', 'rsj_handler', 'xian_handler', 'shi_handler'].map(as));
    const r = await app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2025-09-20' }) });
    expect(r.status).toBe(201);
    id = r.json.case.id;
    number = r.json.case.number;

    // 于都县信访局 routes it (转送) to the county 人社局: the default destination is the organ concerned.
    clock.set('2025-09-22');
    let page = await as('xfj_officer');
    await openCase(page, id);
    expect(await stateLabel(page)).toBe('已登记');
    await expect(page.locator('.case-view').textContent()).resolves.toContain(number);
    await expect(page.locator('[data-testid="clock-routing"]').textContent()).resolves.toContain('2025-10-09');
    // The usual next step is the primary button.
    await expect(page.locator('.case-actions button[data-action="forward"]').getAttribute('class')).resolves.toContain('ant-btn-primary');
    await act(page, 'forward', '待受理', async (d) => {
      await expect(d.getByLabel('接收机关').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').textContent()).resolves.toContain('于都县人力资源和社会保障局');
    });
    await expect(page.locator('.case-timeline').textContent()).resolves.toContain('于都县人力资源和社会保障局');

    // The bureau's head assigns a handler (分办).
    clock.set('2025-09-23');
    page = await as('rsj_leader');
    await openCase(page, id);
    expect(await stateLabel(page)).toBe('待受理');
    await act(page, 'assign_handler', '待受理', (d) => chooseOption(page, d, '承办人', '李娟'));
    await expect(page.locator('.case-timeline').textContent()).resolves.toContain('承办人：李娟');

    // The handler accepts: 60 days, due 2025-11-25; the acceptance notice is issued.
    clock.set('2025-09-26');
    page = await as('rsj_handler');
    await openCase(page, id);
    await act(page, 'accept', '办理中');
    await expect(page.locator('[data-testid="clock-handling"]').textContent()).resolves.toContain('2025-11-25');
    await expect(page.locator('.case-view').textContent()).resolves.toContain('于都县人力资源和社会保障局受〔2025〕1号');
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    const findings = await seriousA11yViolations(page);
    expect(findings, JSON.stringify(findings)).toEqual([]);

    // An opinion on each request, signed by the head, then served.
    clock.set('2025-11-10');
    await act(page, 'issue_opinion', '意见待送达', async (d) => {
      await expect(d.getByLabel('签发领导').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').textContent()).resolves.toContain('张伟');
      await fillOpinion(d, ['支持', '解释说明']);
      // The generated form: labelled, keyboard-reachable, AA contrast.
      const inForm = await seriousA11yViolations(page);
      const html = await Promise.all(inForm.flatMap((f) => f.targets).map((sel) => page.evaluate((s) => document.querySelector(s)?.outerHTML.slice(0, 400) ?? s, sel)));
      expect(inForm, JSON.stringify(inForm) + html.join('\n')).toEqual([]);
      // The viewport only: a modal's mask covers the viewport, not the full page.
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'staff-case-action-form.png') });
    });
    await expect(page.locator('.case-timeline').textContent()).resolves.toContain('第1项支持；第2项解释说明');
    clock.set('2025-11-12');
    await act(page, 'serve', '意见已送达', async (d) => {
      expect(await d.getByLabel('送达日期').inputValue()).toBe('2025-11-12');
    });
    await expect(page.locator('[data-testid="clock-review_request"]').textContent()).resolves.toContain('于都县人民政府');

    // Review (复查) by the county government, entered for the petitioner by its handler.
    clock.set('2025-11-20');
    page = await as('xian_handler');
    await openCase(page, id);
    await act(page, 'request_review', '复查待受理', (d) => d.getByLabel('复查请求及理由').fill('公司仅支付部分工资，请求复查。'));
    await act(page, 'accept_review', '复查中');
    clock.set('2025-12-01');
    await act(page, 'decide_review', '复查意见待送达', async (d) => {
      await chooseOption(page, d, '复查决定', '维持');
      await fillOpinion(d, ['支持', '解释说明']);
    });
    clock.set('2025-12-02');
    await act(page, 'serve', '复查意见已送达', (d) => chooseOption(page, d, '送达方式', '邮寄送达'));

    // Re-review (复核) by the city government, then termination.
    clock.set('2025-12-10');
    page = await as('shi_handler');
    await openCase(page, id);
    await act(page, 'request_rereview', '复核待受理', (d) => d.getByLabel('复核请求及理由').fill('对复查意见不服。'));
    await act(page, 'accept_rereview', '复核中');
    clock.set('2025-12-22');
    await act(page, 'decide_rereview', '复核意见待送达', async (d) => {
      await chooseOption(page, d, '复核决定', '维持');
      await fillOpinion(d, ['支持', '解释说明']);
    });
    await act(page, 'serve', '复核意见已送达');
    await act(page, 'terminate', '已终结');

    // The whole history, in order, with actors and organs; no clock left running.
    const timeline = await page.locator('.case-timeline').textContent();
    for (const label of ['登记', '转送', '分办', '受理', '出具处理意见', '送达', '申请复查', '受理复查', '作出复查意见', '申请复核', '受理复核', '作出复核意见', '终结']) expect(timeline).toContain(label);
    for (const who of ['刘晓燕（于都县信访局）', '陈志强（于都县信访局）', '张伟（于都县人力资源和社会保障局）', '李娟（于都县人力资源和社会保障局）', '许杰（于都县人民政府）', '曹明（赣州市人民政府）']) expect(timeline).toContain(who);
    expect(await eventCount(page)).toBe(15);
    await expect(page.locator('.case-clocks').textContent()).resolves.toContain('无在办期限');
    expect(await page.locator('.case-actions button[data-action]:not([disabled])').count()).toBe(0);
    // The API agrees.
    const ev = await app.api('shi_handler', 'GET', `/api/cases/${id}/events`);
    expect(ev.json.map((e: { action: string }) => e.action)).toEqual([
      'register', 'forward', 'assign_handler', 'accept', 'issue_opinion', 'serve', 'request_review', 'accept_review', 'decide_review', 'serve',
      'request_rereview', 'accept_rereview', 'decide_rereview', 'serve', 'terminate',
    ]);
  }, 240_000);

  it('an extension: refused while the case is simplified (reason on hover and focus), granted with the head’s approval', async () => {
    clock.set('2026-03-02');
    const r = await app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02', title: '某餐饮店拖欠厨师工资' }), simplified: true });
    expect(r.status).toBe(201);
    const cid = r.json.case.id as string;
    expect((await app.api('xfj_officer', 'POST', `/api/cases/${cid}/actions/forward`, { input: { targetOrganId: 'county-rsj' } })).status).toBe(200);
    expect((await app.api('rsj_handler', 'POST', `/api/cases/${cid}/actions/accept`, { input: {} })).status).toBe(200);

    clock.set('2026-03-05');
    const page = await as('rsj_handler');
    await openFromQueue(page, '某餐饮店拖欠厨师工资');
    expect(await stateLabel(page)).toBe('办理中');
    await expect(page.locator('.case-view').textContent()).resolves.toContain('简易办理');
    // Masked by default; the holder may ask for the full data (audited server-side).
    await expect(page.locator('[data-testid="petitioner"]').textContent()).resolves.toContain('3607**********0015');
    await page.getByRole('button', { name: '查看完整信息' }).click();
    await expect.poll(() => page.locator('[data-testid="petitioner"]').textContent()).toContain('360731197805120015');
    await page.getByRole('button', { name: '隐藏完整信息' }).click();
    const refused = page.locator('.case-actions span.action-refused[data-action="extend"]');
    await refused.hover();
    await expect(page.getByRole('tooltip').filter({ hasText: '简易办理事项不能延期' }).textContent()).resolves.toContain('请转为普通程序');
    await page.mouse.move(0, 0);
    await refused.focus();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: '简易办理事项不能延期' }).isVisible()).toBe(true);
    await screenshot(page, 'staff-case-refused-reason');
    const findings = await seriousA11yViolations(page);
    expect(findings, JSON.stringify(findings)).toEqual([]);

    await act(page, 'convert_to_normal', '办理中', (d) => d.getByLabel('转为普通程序的理由').fill('涉及多名务工人员，事实需进一步调查'));
    const before = (await app.api('rsj_handler', 'GET', `/api/cases/${cid}`)).json.clocks.find((k: { kind: string }) => k.kind === 'handling').due as string;
    await expect(page.locator('[data-testid="clock-handling"]').textContent()).resolves.toContain(before);

    // The server's own refusal shows in the form, in its words, and nothing changes.
    const events = await eventCount(page);
    await page.locator('.case-actions button[data-action="extend"]').click();
    const d = page.locator('.ant-modal[role="dialog"]');
    await d.waitFor();
    await expect(d.getByLabel('审批领导').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').textContent()).resolves.toContain('张伟');
    await d.getByLabel('延期天数').fill('31');
    await d.getByLabel('延期理由').fill('需补充调查取证');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await expect(d.getByTestId('action-error').textContent()).resolves.toContain('延期不得超过30日');
    expect(await eventCount(page)).toBe(events);
    await d.getByLabel('延期天数').fill('30');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await d.waitFor({ state: 'detached' });
    await expect.poll(() => eventCount(page)).toBe(events + 1);

    const after = (await app.api('rsj_handler', 'GET', `/api/cases/${cid}`)).json.clocks.find((k: { kind: string }) => k.kind === 'handling').due as string;
    expect(after > before).toBe(true);
    await expect.poll(() => page.locator('[data-testid="clock-handling"]').textContent()).toContain(after);
    const timeline = await page.locator('.case-timeline').textContent();
    expect(timeline).toContain('延期办理');
    expect(timeline).toContain(`新的办理期限：${after}`);
    expect(timeline).toContain('审批（签发）领导：张伟');
    // Once extended, never again — and the reason says so.
    await page.locator('.case-actions span.action-refused[data-action="extend"]').hover();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: '不得再次延期' }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'staff-case-drawer');

    // Someone else acts while the form is open: the submit is refused as stale, the user is told, the case reloads.
    const seen = await eventCount(page);
    await page.locator('.case-actions button[data-action="record_hearing"]').click();
    const h = page.locator('.ant-modal[role="dialog"]');
    await h.waitFor();
    await h.getByLabel('听证情况').fill('听取了双方意见');
    expect((await app.api('rsj_leader', 'POST', `/api/cases/${cid}/actions/record_hearing`, { input: { heldOn: '2026-03-05', summary: '负责人主持听证' } })).status).toBe(200);
    await h.getByRole('button', { name: /提\s*交/ }).click();
    await expect(h.getByTestId('action-error').textContent()).resolves.toContain('案件已被他人更新');
    await expect.poll(() => eventCount(page)).toBe(seen + 1);
    // Submitted again, now against the version shown.
    await h.getByRole('button', { name: /提\s*交/ }).click();
    await h.waitFor({ state: 'detached' });
    await expect.poll(() => eventCount(page)).toBe(seen + 2);
  }, 120_000);

  it('prints the acceptance notice as an A4 official document', async () => {
    const page = await as('rsj_handler');
    await openCase(page, id);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.locator('.case-view').getByRole('link', { name: /^打印受理告知书/ }).click()]);
    await tab.locator('.official-doc').waitFor();
    await expect(tab.getByTestId('doc-number').textContent()).resolves.toBe('于都县人力资源和社会保障局受〔2025〕1号');
    const text = await tab.locator('.official-doc').textContent();
    expect(text).toContain('受理告知书');
    expect(text).toContain('钟德福：');
    expect(text).toContain('2025年9月26日');
    expect(text).toContain('2025年11月25日前');
    // @page: A4 with the GB/T 9704 margins.
    const pageRule = await tab.evaluate(() => {
      for (const sheet of Array.from(document.styleSheets)) {
        for (const rule of Array.from(sheet.cssRules)) if (rule instanceof CSSPageRule) return rule.cssText;
      }
      return null;
    });
    expect(pageRule).toMatch(/size: A4/i);
    expect(pageRule).toMatch(/margin: 37mm 26mm 35mm 28mm/);
    await expect(tab.locator('.doc-masthead').evaluate((e) => getComputedStyle(e).color)).resolves.toBe('rgb(196, 21, 28)');
    expect(await seriousA11yViolations(tab)).toEqual([]);
    await screenshot(tab, 'staff-print-notice');
    await tab.emulateMedia({ media: 'print' });
    await expect(tab.locator('.print-toolbar').isVisible()).resolves.toBe(false);
    await tab.emulateMedia({ media: 'screen' });

    // The opinion: each request answered, the basis, and the right to ask for review within 30 days, and from whom.
    const docs = (await app.api('rsj_handler', 'GET', `/api/cases/${id}/documents`)).json as { id: string; kind: string }[];
    await tab.goto(`${app.baseUrl}/staff/print/${id}/${docs.find((x) => x.kind === 'opinion')!.id}`);
    await tab.locator('.official-doc').waitFor();
    const opinion = await tab.locator('.official-doc').textContent();
    expect(opinion).toContain('信访处理意见书');
    expect(opinion).toContain('对第1项请求（责令公司支付拖欠的三个月工资共计2.4万元）：支持。');
    expect(opinion).toContain('对第2项请求（依法处理公司负责人）：解释说明。');
    expect(opinion).toContain('自收到本意见书之日起30日内，向于都县人民政府请求复查');
    await screenshot(tab, 'staff-print-opinion');
    await tab.close();
  }, 120_000);
});
