/**
 * Registration in the workbench, as the county petition bureau's clerk (xfj_clerk): a letter entered
 * with the keyboard alone; a visit by 7 refused by the engine until representatives are chosen; a
 * repeat petition found by its ID number and linked to the earlier case.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { idNumberCheckChar } from '../../src/domain/identity/id-number.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const idNumber = (first17: string) => first17 + idNumberCheckChar(first17);

const rig = appAndBrowser();

/** Presses Tab until the element with this id has focus (keyboard only; fails after `max` presses). */
async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`);
}

async function openRegister(page: Page): Promise<void> {
  await page.goto(`${rig.app.baseUrl}/staff/register`);
  await page.getByRole('heading', { name: '登记信访事项' }).waitFor();
  await page.locator('#prior-title').waitFor();
}

async function caseByNumber(number: string, id: string) {
  const found = await rig.app.api('xfj_clerk', 'POST', '/api/cases/lookup', { idNumber: id });
  const row = (found.json.items as { id: string; number: string }[]).find((c) => c.number === number);
  expect(row, `case ${number} found by its petitioner's ID`).toBeDefined();
  return (await rig.app.api('xfj_clerk', 'GET', `/api/cases/${row!.id}`)).json.case;
}

describe('registration (登记)', () => {
  it('registers a letter with the keyboard alone and shows the case number and query code', async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, 'xfj_clerk');
    await openRegister(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // No mouse from here on. The first field (信访形式, 来信 preselected) has focus.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('letter');
    const pid = idNumber('36073119850612003');
    await tabTo(page, 'register_petitioners_0_name');
    await page.keyboard.type('刘春华');
    await page.keyboard.press('Tab');
    await page.keyboard.type(pid);
    // Enter in a one-line field must not submit the half-filled form.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('13907971234');
    await page.keyboard.press('Tab');
    await page.keyboard.type('江西省赣州市于都县贡江镇长征大道8号');
    await tabTo(page, 'register_title');
    await page.keyboard.type('反映拖欠工资问题');
    await page.keyboard.press('Tab');
    await page.keyboard.type('请求督促用人单位支付拖欠的三个月工资');
    await tabTo(page, 'register_facts');
    await page.keyboard.type('本人在某建筑公司务工，2026年7月至9月工资共计一万二千元未发放。');
    await page.keyboard.press('Tab');
    await page.keyboard.type('多次催要无果。');
    // Still nothing registered: Enter above submitted nothing.
    expect((await rig.app.api('xfj_clerk', 'POST', '/api/cases/lookup', { idNumber: pid })).json.items).toEqual([]);
    await page.keyboard.press('Alt+S');
    await page.getByRole('heading', { name: '登记成功' }).waitFor();
    const number = (await page.getByTestId('case-number').textContent())!.trim();
    const queryCode = (await page.getByTestId('query-code').textContent())!.trim();
    expect(number).toMatch(/^360731-\d{4}-\d{6}$/);
    expect(queryCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const c = await caseByNumber(number, pid);
    expect(c.content).toMatchObject({ channel: 'letter', title: '反映拖欠工资问题', requests: [{ no: 1, text: '请求督促用人单位支付拖欠的三个月工资' }], reasons: '多次催要无果。' });
    expect(c.content.petitioners).toHaveLength(1);
    await screenshot(page, 'staff-register-done');
    await ctx.close();
  }, 90_000);

  it('refuses a typed future 收到日期 with a message instead of putting today back', async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, 'xfj_clerk');
    await openRegister(page);
    const future = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const input = page.locator('#register_receivedOn');
    await input.click();
    await input.press('Control+A');
    await input.pressSequentially(future);
    await input.press('Enter');
    await expect.poll(() => page.locator('#register_receivedOn_help').textContent()).toContain('收到日期不能晚于今天');
    expect(await input.inputValue()).toBe(future);
    await page.getByRole('button', { name: /提交登记/ }).click();
    await expect.poll(() => page.locator('#register_receivedOn_help').textContent()).toContain('收到日期不能晚于今天');
    await ctx.close();
  }, 90_000);

  it('refuses a visit by 7 people until representatives are chosen', async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, 'xfj_clerk');
    await openRegister(page);
    await page.locator('label.ant-radio-button-wrapper', { hasText: '来访' }).click();
    const names = ['王建国', '李秀英', '张志强'];
    for (let i = 0; i < names.length; i++) {
      if (i > 0) await page.getByRole('button', { name: '添加信访人' }).click();
      await page.locator(`#register_petitioners_${i}_name`).fill(names[i]!);
    }
    await page.locator('#register_headcount').fill('7');
    await page.locator('#register_title').fill('村民集体反映征地补偿问题');
    await page.locator('#register_requests_0_text').fill('请求按标准发放征地补偿款');
    await page.locator('#register_facts').fill('2026年村集体土地被征收，补偿款至今未发放到户。');
    await page.getByRole('button', { name: /提交登记/ }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('7人走访，须推选不超过5名代表');
    // The refusal sits on the representatives selector, which has focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('register_representatives');
    await screenshot(page, 'staff-register-visit-refused');
    await page.keyboard.type('王建国');
    await page.keyboard.press('Enter');
    await page.keyboard.type('李秀英');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /提交登记/ }).click();
    await page.getByRole('heading', { name: '登记成功' }).waitFor();
    const number = (await page.getByTestId('case-number').textContent())!.trim();
    const ledger = await rig.app.api('xfj_clerk', 'GET', '/api/cases/ledger?channel=visit');
    const row = (ledger.json.items as { id: string; number: string }[]).find((x) => x.number === number)!;
    const c = (await rig.app.api('xfj_clerk', 'GET', `/api/cases/${row.id}`)).json.case;
    expect(c.content.headcount).toBe(7);
    expect(c.content.petitioners.map((p: { name: string; representative?: boolean }) => [p.name, p.representative ?? false]))
      .toEqual([['王建国', true], ['李秀英', true], ['张志强', false]]);
    await ctx.close();
  }, 90_000);

  it('shows an earlier petition for the ID number typed and links the repeat to it', async () => {
    const pid = idNumber('36073119720305002');
    const earlier = await rig.app.api('xfj_clerk', 'POST', '/api/cases', {
      petition: {
        channel: 'letter', kind: 'claim', title: '反映宅基地纠纷', petitioners: [{ kind: 'person', name: '陈桂兰', idNumber: pid, phone: '13807971111' }],
        headcount: 1, anonymous: false, requests: [{ no: 1, text: '请求确认宅基地使用权' }], facts: '与邻居宅基地界址争议。', reasons: '',
        categoryCode: null, regionCode: null, organsConcerned: [], accusedOrganIds: [], involvedUserIds: [], linkedCaseIds: [], attachments: [], receivedOn: '2026-11-02',
      },
    });
    expect(earlier.status).toBe(201);
    const earlierCase = earlier.json.case as { id: string; number: string };
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, 'xfj_clerk');
    await openRegister(page);
    await page.locator('#register_petitioners_0_name').fill('陈桂兰');
    await page.locator('#register_petitioners_0_idNumber').pressSequentially(pid);
    const panel = page.locator('.prior-panel');
    await panel.getByText(earlierCase.number).waitFor();
    await expect(panel.textContent()).resolves.toContain('反映宅基地纠纷');
    await panel.getByRole('button', { name: `关联为重复信访 ${earlierCase.number}` }).click();
    await panel.getByRole('button', { name: `取消关联 ${earlierCase.number}` }).waitFor();
    await page.locator('#register_title').fill('再次反映宅基地纠纷');
    await page.locator('#register_requests_0_text').fill('请求尽快确认宅基地使用权');
    await page.locator('#register_facts').fill('上次反映后尚未解决。');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-register');
    // A double click submits once: the form keeps one Idempotency-Key.
    await page.getByRole('button', { name: /提交登记/ }).dblclick();
    await page.getByRole('heading', { name: /登记成功|该表单已登记/ }).waitFor();
    const number = (await page.getByTestId('case-number').textContent())!.trim();
    const c = await caseByNumber(number, pid);
    expect(c.content.linkedCaseIds).toEqual([earlierCase.id]);
    const all = (await rig.app.api('xfj_clerk', 'POST', '/api/cases/lookup', { idNumber: pid })).json.items;
    expect(all).toHaveLength(2);
    // 继续登记 gives a fresh form (and a fresh key).
    await page.getByRole('button', { name: '继续登记' }).click();
    await expect(page.locator('#register_title').inputValue()).resolves.toBe('');
    await ctx.close();
  }, 90_000);
});
