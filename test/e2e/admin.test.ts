/**
 * The administration screens under 三员分立, in a real browser: the system administrator creates an
 * account and enters a year's holiday notice; the security administrator grants a role (and sees the
 * server refuse two administrator roles on one account); the audit administrator finds those entries
 * in the trail and verifies the chain. axe on each screen; screenshots for review.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { animationsSettled, appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser();

async function as(username: string, path: string): Promise<Page> {
  const ctx = await newContext(rig.browser);
  const page = await ctx.newPage();
  await staffLogin(page, rig.app.baseUrl, username);
  await page.goto(`${rig.app.baseUrl}/staff${path}`);
  return page;
}

/** Picks an option of an antd select/tree-select by typing into it and pressing Enter. */
async function choose(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper, .ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

/**
 * Sets a checkbox as a person would: click, look, click again if it did not take. (Playwright's
 * check() looks right after the click; on a loaded machine React may repaint a moment later.)
 */
async function setChecked(box: ReturnType<Page['getByLabel']>, want = true): Promise<void> {
  for (let i = 0; i < 4 && (await box.isChecked()) !== want; i++) {
    await box.click();
    await expect.poll(() => box.isChecked(), { timeout: 2_000 }).toBe(want).catch(() => {});
  }
  expect(await box.isChecked()).toBe(want);
}

/**
 * Waits for what a submission should show, or for the server's refusal in `refusal`; fails with
 * the refusal's own words rather than a bare time-out.
 */
async function expectShownNotRefused(shown: Locator, refusal: Locator, timeout = 30_000): Promise<void> {
  await shown.or(refusal).first().waitFor({ timeout });
  expect(await refusal.count(), (await refusal.first().textContent({ timeout: 1_000 }).catch(() => null)) ?? '').toBe(0);
}

const NEW_USER = 'lin_xfj';
// A notice for a year not yet published, written as the State Council words them (dates checked: 2027-01-01 is a Friday).
const NOTICE_2027 = `一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至13日（周六）放假调休，共8天。2月20日（周六）上班。
三、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。`;

describe('administration (三员分立)', () => {
  it('system administrator: calendar 2026 shown, 2027 entered from the notice text', async () => {
    const page = await as('admin', '/calendar?year=2026');
    await page.locator('caption', { hasText: '2026年10月' }).waitFor();
    // Holidays are marked in text, not colour alone.
    await expect(page.locator('td.day.holiday', { hasText: '1' }).first().getAttribute('title')).resolves.toContain('2026-01-01 法定节假日');
    expect(await page.locator('td.day.holiday').count()).toBeGreaterThan(15);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-calendar');
    await page.getByRole('button', { name: '下一年' }).click();
    // Not entered yet: shown as the provisional calendar deadlines use meanwhile, with a button to enter it.
    await page.getByTestId('calendar-provisional').getByText('2027年节假日安排尚未录入：以下为预计').waitFor();
    await page.locator('caption', { hasText: '2027年2月' }).waitFor();
    // 13 statutory days less the 6 on a weekend (02-06, 02-07, 05-01, 05-02, 10-02, 10-03)
    await expect(page.locator('td.day.holiday').count()).resolves.toBe(7);
    await page.getByRole('button', { name: '录入2027年安排' }).last().click();
    await page.getByLabel('通知文号或标题').fill('国务院办公厅关于2027年部分节假日安排的通知（测试）');
    await page.getByLabel('粘贴通知正文（可选）').fill(NOTICE_2027);
    await page.getByRole('button', { name: '识别日期' }).click();
    await page.getByText('已识别 18 天').waitFor();
    await page.getByText('已识别 3 天').waitFor();
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('所有在办案件的期限将按新的工作日历重新计算').waitFor();
    await page.getByRole('button', { name: '保存并重新计算期限' }).click();
    // The saved year's months, or the server's refusal shown in the form.
    await expectShownNotRefused(page.locator('caption', { hasText: '2027年2月' }), page.locator('.ant-card [role="alert"]'), 60_000);
    const y = await rig.app.api('admin', 'GET', '/api/calendar/years/2027');
    expect(y.status).toBe(200);
    expect(y.json.source).toBe('official-notice');
    const day = (d: string) => (y.json.days as { date: string; working: boolean }[]).find((x) => x.date === d)!.working;
    expect([day('2027-02-08'), day('2027-02-20'), day('2027-10-07'), day('2027-10-09'), day('2027-10-11')]).toEqual([false, true, false, true, true]);
    // The open deadlines were recomputed in the background; the screen shows the job's end.
    await page.getByTestId('recompute-progress').getByText(/按2027年节假日安排重新计算在办期限已完成：核算 \d+ 件/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'staff-calendar-recomputed');
    await page.context().close();
  }, 90_000);

  it('system administrator creates an account; the organ tree passes axe', async () => {
    const page = await as('admin', '/admin/users');
    await page.getByRole('button', { name: '新建账户' }).click();
    const dlg = page.getByRole('dialog', { name: '新建账户' });
    await dlg.getByLabel('用户名').fill(NEW_USER);
    await dlg.getByLabel('姓名').fill('林晓梅');
    await choose(page, '#newUser_organId', '于都县信访局');
    await dlg.getByLabel('初始密码').fill('weak');
    await dlg.getByRole('button', { name: /创\s*建/ }).click();
    await expect.poll(() => dlg.getByRole('alert').textContent()).toMatch(/密码/); // the server's policy refusal
    await dlg.getByLabel('初始密码').fill('Gongjiang#2026');
    await dlg.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByRole('row', { name: new RegExp(NEW_USER) }).waitFor();
    await expect(page.getByRole('row', { name: new RegExp(NEW_USER) }).textContent()).resolves.toContain('未授权');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${rig.app.baseUrl}/staff/admin/organs`);
    await page.getByRole('cell', { name: '于都县人民政府' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-admin-organs');
    await page.context().close();
  }, 90_000);

  it('security administrator grants a role; two administrator roles on one account are refused', async () => {
    const page = await as('secadmin', '/admin/users');
    await page.getByLabel('用户名/姓名').fill(NEW_USER);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const row = page.getByRole('row', { name: new RegExp(NEW_USER) });
    await row.waitFor();
    await expect(page.getByRole('button', { name: '新建账户' }).count()).resolves.toBe(0); // not the security administrator's
    await row.getByRole('button', { name: `授权 ${NEW_USER}` }).click();
    const dlg = page.getByRole('dialog');
    await setChecked(dlg.getByLabel('系统管理员'));
    await setChecked(dlg.getByLabel('安全审计员'));
    await dlg.getByRole('button', { name: '保存授权' }).click();
    await expect.poll(() => dlg.getByRole('alert').textContent()).toContain('三员分立');
    // Nor an administrator with a business role (the auditor as discipline officer): refused before sending.
    await setChecked(dlg.getByLabel('系统管理员'), false);
    await setChecked(dlg.getByLabel('纪检监察人员'));
    await dlg.getByRole('button', { name: '保存授权' }).click();
    await expect.poll(() => dlg.getByRole('alert').textContent()).toContain('安全审计员账户不得兼任业务角色（三员分立）');
    await setChecked(dlg.getByLabel('纪检监察人员'), false);
    await setChecked(dlg.getByLabel('安全审计员'), false);
    await setChecked(dlg.getByLabel('登记员'));
    await dlg.getByRole('button', { name: '保存授权' }).click();
    await expect.poll(() => row.textContent()).toContain('登记员');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-admin-users');
    const users = (await rig.app.api('secadmin', 'GET', '/api/admin/users')).json as { username: string; roles: string[]; totpEnabled: boolean }[];
    expect(users.find((u) => u.username === NEW_USER)?.roles).toEqual(['intake_clerk']);
    // A second factor only begun (secret issued, never confirmed with a code) is not shown as enabled.
    expect((await rig.app.api('xfj_clerk', 'POST', '/api/auth/totp/setup', {})).status).toBe(200);
    const after = (await rig.app.api('secadmin', 'GET', '/api/admin/users')).json as { username: string; totpEnabled: boolean }[];
    expect(after.find((u) => u.username === 'xfj_clerk')?.totpEnabled).toBe(false);
    await page.context().close();
  }, 90_000);

  it('system administrator resets a password: a one-time password the user must change at log-in, told of the reset', async () => {
    const page = await as('admin', '/admin/users');
    await page.getByLabel('用户名/姓名').fill(NEW_USER);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const row = page.getByRole('row', { name: new RegExp(NEW_USER) });
    await row.waitFor();
    // An administrator's password is not the system administrator's to reset.
    await page.getByLabel('用户名/姓名').fill('auditor');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByRole('row', { name: /auditor/ }).waitFor();
    await expect(page.getByRole('button', { name: '重置密码 auditor' }).count()).resolves.toBe(0);
    await page.getByLabel('用户名/姓名').fill(NEW_USER);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await row.getByRole('button', { name: `重置密码 ${NEW_USER}` }).click();
    // Clicked while the dialog still zooms in, on a loaded machine the click can land on the mask,
    // which closes the dialog: click once it has settled.
    await animationsSettled(page);
    await page.getByRole('dialog').getByRole('button', { name: '重置并生成一次性密码' }).click();
    // The one-time password, or the server's refusal in the dialog's error box.
    await expectShownNotRefused(page.getByTestId('one-time-password'), page.getByRole('dialog').locator('.ant-alert-error'));
    const oneTime = (await page.getByTestId('one-time-password').locator('code').textContent()) ?? '';
    expect(oneTime).toHaveLength(16);
    await page.getByRole('dialog').getByRole('button', { name: '我已记下' }).click();
    await page.context().close();

    const ctx = await newContext(rig.browser);
    const user = await ctx.newPage();
    await user.goto(`${rig.app.baseUrl}/staff/`);
    await user.getByLabel('用户名').fill(NEW_USER);
    await user.getByLabel('密码').fill(oneTime);
    await user.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => user.getByTestId('password-reset-notice').textContent()).toContain('您的密码已由管理员');
    expect(await seriousA11yViolations(user)).toEqual([]);
    await screenshot(user, 'staff-forced-password-change');
    await user.getByLabel('一次性密码').fill(oneTime);
    await user.getByLabel('新密码', { exact: true }).fill('Lin-Xiao-Mei#2026');
    await user.getByLabel('再次输入新密码').fill('Lin-Xiao-Mei#2026');
    await user.getByRole('button', { name: '修改密码并继续' }).click();
    await user.getByTestId('password-reset-notice').waitFor({ state: 'detached' });
    await user.locator('.shell-header').getByText('登记员').waitFor(); // the workbench, with the clerk's role
    await ctx.close();
  }, 90_000);

  it('system administrator edits an SMS template; a wording without the case number is refused', async () => {
    const page = await as('admin', '/admin/templates');
    const row = page.getByRole('row', { name: /受理告知/ }).first();
    await row.waitFor();
    await row.getByRole('button', { name: '修改 受理告知' }).click();
    const dlg = page.getByRole('dialog');
    const body = dlg.getByLabel('短信内容');
    await body.fill('【民声】您的信访事项已受理。');
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => dlg.getByTestId('template-error').textContent()).toContain('number'); // the server's refusal, as it says it
    await body.fill('【民声】您的信访事项（编号');
    await dlg.getByRole('button', { name: '插入{number}信访事项编号（必填）' }).click();
    await body.press('End');
    await body.pressSequentially('）已受理，请留意后续短信。');
    await expect(dlg.getByTestId('template-preview').textContent()).resolves.toBe('【民声】您的信访事项（编号于信〔2025〕0123号）已受理，请留意后续短信。');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await dlg.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('已修改');
    await screenshot(page, 'staff-admin-templates');
    const list = (await rig.app.api('admin', 'GET', '/api/admin/notification-templates')).json as { key: string; body: string }[];
    expect(list.find((t) => t.key === 'accepted')?.body).toBe('【民声】您的信访事项（编号{number}）已受理，请留意后续短信。');
    await page.context().close();
  }, 90_000);

  it('system administrator publishes a reception rota entry; the portal guide shows it', async () => {
    const page = await as('admin', '/admin/rota');
    await page.getByText('尚未公布接访安排').waitFor();
    await page.getByRole('button', { name: '新增接访安排' }).click();
    const dlg = page.getByRole('dialog');
    await choose(page, '#rota_organId', '于都县信访局');
    await page.locator('#rota_weekday').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '星期三' }).click();
    await dlg.getByPlaceholder('开始').click();
    await dlg.getByPlaceholder('开始').fill('09:00');
    await dlg.getByPlaceholder('开始').press('Enter');
    await dlg.getByPlaceholder('结束').fill('12:00');
    await dlg.getByPlaceholder('结束').press('Enter');
    await dlg.getByLabel('接访领导（可不填）').fill('县信访局负责人');
    await dlg.getByLabel('地点（可不填）').fill('于都县人民来访接待中心');
    await animationsSettled(page);
    await dlg.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: '星期三 09:00-12:00', exact: true }).waitFor();
    // Edited in place (issue 12): the dialog opens with the entry's values.
    await page.getByRole('button', { name: '修改 于都县信访局 星期三 09:00-12:00' }).click();
    const edit = page.getByRole('dialog', { name: '修改接访安排' });
    await expect.poll(() => edit.getByLabel('接访领导（可不填）').inputValue()).toBe('县信访局负责人');
    await edit.getByLabel('接访领导（可不填）').fill('县人民政府值班领导');
    await animationsSettled(page);
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('cell', { name: '县人民政府值班领导', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: '星期三 09:00-12:00', exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-admin-rota');
    await page.context().close();
    // The public guide, as a petitioner sees it.
    const ctx = await newContext(rig.browser, 'phone');
    const portal = await ctx.newPage();
    await portal.goto(`${rig.app.baseUrl}/guide`);
    const rota = portal.locator('section[aria-labelledby="rota-title"]');
    await rota.getByRole('cell', { name: '星期三 09:00-12:00', exact: true }).waitFor();
    await expect(rota.textContent()).resolves.toContain('于都县人民来访接待中心');
    await expect(rota.textContent()).resolves.toContain('县人民政府值班领导');
    await ctx.close();
  }, 90_000);

  it('audit administrator finds those entries, reads one, verifies the chain', async () => {
    const page = await as('auditor', '/audit');
    await page.getByLabel('操作', { exact: true }).fill('user.*');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'user.*' }).first().click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByRole('cell', { name: '新建账户' }).waitFor();
    await page.getByRole('cell', { name: '授予角色' }).first().waitFor();
    // The refused grant changed nothing and left no user.roles entry: exactly one grant, by secadmin.
    const grants = page.getByRole('row').filter({ hasText: '授予角色' });
    expect(await grants.count()).toBe(1);
    await expect(grants.textContent()).resolves.toContain('u-secadmin');
    await page.getByLabel('操作人用户名').fill('admin');
    await page.getByLabel('操作', { exact: true }).fill('calendar.enter_year');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'calendar.enter_year' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.getByRole('cell', { name: '录入节假日安排' }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: '新建账户' }).count()).toBe(0);
    await page.getByRole('button', { name: /查看第 \d+ 条详情/ }).first().click();
    await page.getByRole('dialog').getByText('2027年部分节假日安排').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: /Close|关闭/ }).click();
    await page.getByRole('button', { name: '校验日志链' }).click();
    await page.getByText(/日志链完整：已校验 \d+ 条/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出CSV/ }).click()]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text).toContain('序号,时间,操作人');
    expect(text).toContain('calendar.enter_year');
    await page.context().close();
  }, 90_000);
});
