/**
 * Approval by the organ's head (issue 9, defect 5) in Chromium: a handler requests an extension
 * (typing 0 or "abc" is refused in the form and nothing is sent), the named leader finds it in the
 * bell and in 审批待办, reads what will happen and approves it; the case header, the SMS and the
 * petitioner's portal show the new date. An opinion is drafted, sent back once with a reason,
 * redrafted, read in full and signed from the inbox, then served. A late approval is refused by the
 * server in its own words. The cases are made through the API; the server clock is a FakeClock in 2026.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { chineseDate } from '../../src/domain/calendar/provisional-note.js';
import { FileSmsAdapter, readSmsFile } from '../../src/notify/sms/file.js';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { CapturingLogger } from '../notify/support/notify.js';
import { appAndBrowser, newContext, SCREENSHOT_DIR, screenshot, seriousA11yViolations, staffLogin, animationsSettled } from './support/e2e.js';
import { act, eventCount, fillOpinion, openCase, openWatchedAction, selectText, stateLabel, submitForm } from './support/case-ui.js';

const clock = new FakeClock('2026-03-02');
const smsDir = mkdtempSync(join(tmpdir(), 'minsheng-e2e-sms-'));
const smsFile = join(smsDir, 'sms-outbox.jsonl');
const rig = appAndBrowser({ clock });
const sessions = new Map<string, { ctx: BrowserContext; page: Page }>();
const pageErrors: string[] = [];

afterAll(() => {
  rmSync(smsDir, { recursive: true, force: true });
});

async function as(username: string): Promise<Page> {
  let s = sessions.get(username);
  if (!s) {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${String(e)}`));
    await staffLogin(page, rig.app.baseUrl, username);
    s = { ctx, page };
    sessions.set(username, s);
  }
  return s.page;
}

async function apiAct(user: string, id: string, action: string, input: Record<string, unknown>) {
  const r = await rig.app.api(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
  expect(r.status, `${action} by ${user}: ${JSON.stringify(r.json)}`).toBe(200);
  return r.json as { case: { version: number } };
}
const handlingDue = async (id: string) => ((await rig.app.api('rsj_handler', 'GET', `/api/cases/${id}`)).json.clocks as { kind: string; due: string }[]).find((k) => k.kind === 'handling')!.due;

/** A letter registered, forwarded to the county 人社局 and accepted there, through the API. */
async function acceptedCase(title: string, receivedOn: string, acceptOn: string) {
  clock.set(receivedOn);
  const r = await rig.app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn, title }) });
  expect(r.status).toBe(201);
  const id = r.json.case.id as string;
  await apiAct('xfj_officer', id, 'forward', { targetOrganId: 'county-rsj' });
  clock.set(acceptOn);
  await apiAct('rsj_handler', id, 'accept', {});
  return { id, number: r.json.case.number as string, queryCode: r.json.queryCode as string };
}

const inboxRow = (page: Page, text: string) => page.locator('.approvals-table tbody tr.ant-table-row').filter({ hasText: text });
const decisionDialog = (page: Page) => page.locator('.ant-modal.approval-dialog');

describe('approval by the head of the organ', () => {
  let id = '';
  let number = '';
  let queryCode = '';

  it('a handler requests an extension, the leader approves it from the inbox; the case, the SMS and the portal show the new date', async () => {
    ({ id, number, queryCode } = await acceptedCase('某物流公司拖欠装卸工工资', '2026-03-02', '2026-03-03'));
    const dueBefore = await handlingDue(id);
    await Promise.all(['rsj_handler', 'rsj_leader'].map(as));

    clock.set('2026-03-20');
    const page = await as('rsj_handler');
    await openCase(page, rig.app.baseUrl, id);
    const { dialog: d, sent, eventsBefore: events } = await openWatchedAction(page, 'request_extension');
    await expect(selectText(d, '审批领导')).resolves.toContain('张伟');
    await d.getByLabel('延期理由').fill('需调取用工单位考勤记录，核实欠薪人数和金额');
    // 0 days and a non-number are refused in the form, in words; nothing is sent, nothing is rounded up.
    const days = d.getByLabel('延期天数');
    const fieldError = d.locator('.ant-form-item-explain-error');
    await days.fill('0');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => fieldError.textContent()).toBe('延期天数不能少于1日');
    expect(await days.inputValue()).toBe('0');
    await days.fill('abc');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => fieldError.textContent()).toBe('延期天数应为整数，如“15”');
    expect(await days.inputValue()).toBe('abc');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'staff-extension-invalid.png') });
    expect(sent).toEqual([]);
    expect(await eventCount(page)).toBe(events);

    // 15 days: the confirmation says who approves, and that until then the old date stands.
    await days.fill('15');
    const said = await submitForm(page, 'request_extension', d, true);
    expect(said).toContain('将报请张伟批准延期办理15日');
    expect(said).toContain(`仍于${dueBefore}届满`);
    await d.waitFor({ state: 'detached' });
    await expect.poll(() => eventCount(page)).toBe(events + 1);
    await expect(page.locator('[data-testid="approval-pending"]').textContent()).resolves.toContain('延期15日，已于2026-03-20由李娟报请张伟审批，待审批');
    expect(sent).toHaveLength(1);

    // The leader: the bell says 待审批 and leads to the inbox.
    const leader = await as('rsj_leader');
    await leader.goto(`${rig.app.baseUrl}/staff/`);
    const bell = leader.getByRole('button', { name: '提醒', exact: true });
    await expect.poll(() => leader.locator('#reminder-count').textContent()).toMatch(/\d+ 条未读提醒/);
    await bell.click();
    const item = leader.getByRole('button', { name: /待审批.*延期办理：某物流公司拖欠装卸工工资.*2026-03-20 报请，待您审批/ });
    await item.waitFor();
    await screenshot(leader, 'staff-approval-bell');
    await item.click();
    await leader.waitForURL(/\/staff\/approvals\?q=/);
    const row = inboxRow(leader, number);
    await row.waitFor();
    const rowText = await row.textContent();
    for (const s of ['延期办理', '延期15日：需调取用工单位考勤记录', '李娟', '2026-03-20', `届满日 ${dueBefore}`]) expect(rowText).toContain(s);
    // The dashboard counts it too, and the menu shows the number waiting.
    await expect(leader.getByRole('navigation', { name: '主菜单' }).textContent()).resolves.toContain('审批待办');
    await leader.mouse.move(0, 0);
    const findings = await seriousA11yViolations(leader);
    expect(findings, JSON.stringify(findings)).toEqual([]);
    await screenshot(leader, 'staff-approvals');

    // 批准: the dialog shows the request and what approving does; the server answers with the new date.
    await row.locator('button[data-decide="approve"]').click();
    const dialog = decisionDialog(leader);
    await dialog.waitFor();
    await expect(dialog.getByTestId('approval-consequence').textContent()).resolves.toContain(`办理期限由${dueBefore}延长15日`);
    await expect(dialog.getByTestId('approval-content').textContent()).resolves.toContain('需调取用工单位考勤记录，核实欠薪人数和金额');
    const inDialog = await seriousA11yViolations(leader);
    expect(inDialog, JSON.stringify(inDialog)).toEqual([]);
    await leader.screenshot({ path: join(SCREENSHOT_DIR, 'staff-approval-dialog.png') });
    await dialog.getByTestId('approval-submit').click();
    await dialog.getByTestId('approval-result').waitFor();
    const dueAfter = await handlingDue(id);
    expect(dueAfter > dueBefore).toBe(true);
    await expect(dialog.getByTestId('approval-result').textContent()).resolves.toContain(`办理期限延至 ${dueAfter}`);
    await leader.screenshot({ path: join(SCREENSHOT_DIR, 'staff-approval-done.png') });
    await dialog.getByRole('button', { name: /关\s*闭/ }).click();
    await expect.poll(() => leader.locator('.approvals-table').textContent()).toContain('暂无待审批事项');

    // The case header shows the new due date; the approval is on record.
    await openCase(leader, rig.app.baseUrl, id);
    await expect(leader.locator('[data-testid="clock-handling"]').textContent()).resolves.toContain(dueAfter);
    await expect(leader.locator('[data-testid="approval-history"]').textContent()).resolves.toContain('李娟报请延期15日；2026-03-20 张伟批准');

    // The SMS the petitioner receives names the extension and the new date.
    const worker = rig.app.services.notifications.worker(new FileSmsAdapter(smsFile, new CapturingLogger(), clock), {}, new CapturingLogger());
    while ((await worker.runOnce()).claimed > 0) { /* drain the outbox */ }
    const sms = (await readSmsFile(smsFile)).filter((l) => l.templateKey === 'extended');
    expect(sms).toHaveLength(1);
    expect(sms[0]!.text).toContain(number);
    expect(sms[0]!.text).toContain('延长办理期限15日');
    expect(sms[0]!.text).toContain(`${chineseDate(dueAfter)}前出具处理意见`);

    // The petitioner's portal (phone): 延期办理 with the new date.
    const ctx = await newContext(rig.browser, 'phone');
    const phone = await ctx.newPage();
    await phone.goto(`${rig.app.baseUrl}/follow`);
    await phone.getByLabel('查询码', { exact: true }).fill(queryCode);
    await phone.getByLabel('手机号码', { exact: true }).fill('13907971234');
    await phone.getByRole('button', { name: '获取验证码' }).click();
    const code = (await phone.locator('.demo-code strong').textContent())!.trim();
    await phone.getByLabel('验证码', { exact: true }).fill(code);
    await phone.getByRole('button', { name: '查看办理情况' }).click();
    await phone.getByRole('heading', { name: '办理过程' }).waitFor();
    const timeline = await phone.locator('.ant-timeline').textContent();
    expect(timeline).toContain('延期办理');
    expect(timeline).toContain(`办理期限延至${dueAfter}`);
    expect(timeline).not.toContain('张伟');
    expect(await seriousA11yViolations(phone)).toEqual([]);
    await screenshot(phone, 'portal-extension');
    await ctx.close();
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('an opinion drafted by the handler is sent back once with a reason, redrafted, read in full and signed from the inbox, then served', async () => {
    clock.set('2026-03-25');
    let page = await as('rsj_handler');
    await openCase(page, rig.app.baseUrl, id);
    await act(page, 'draft_opinion', '办理中', (d) => fillOpinion(d, ['支持', '解释说明'], '经调查，该物流公司拖欠钟德福等装卸工工资属实。'), { confirm: true });

    // The leader sends it back: a reason is required.
    const leader = await as('rsj_leader');
    await leader.goto(`${rig.app.baseUrl}/staff/approvals`);
    let row = inboxRow(leader, number);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('签发处理意见');
    await row.locator('button[data-decide="refuse"]').click();
    let dialog = decisionDialog(leader);
    await dialog.waitFor();
    await animationsSettled(leader);
    await dialog.getByTestId('approval-submit').click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').textContent()).toBe('请填写不予批准的理由');
    await dialog.getByLabel('不予批准（退回修改）的理由').fill('第2项应写明对公司负责人的处理途径');
    await expect(dialog.getByTestId('approval-consequence').textContent()).resolves.toContain('草稿退回修改');
    await dialog.getByTestId('approval-submit').click();
    await expect(dialog.getByTestId('approval-result').textContent()).resolves.toContain('已退回李娟修改');
    await dialog.getByRole('button', { name: /关\s*闭/ }).click();

    // The handler sees why, and drafts again.
    clock.set('2026-03-26');
    page = await as('rsj_handler');
    await openCase(page, rig.app.baseUrl, id);
    await expect(page.locator('[data-testid="approval-history"]').textContent()).resolves.toContain('不予批准（退回修改），理由：第2项应写明对公司负责人的处理途径');
    await act(page, 'draft_opinion', '办理中', (d) => fillOpinion(d, ['支持', '不予支持'], '经调查，该物流公司拖欠钟德福等装卸工工资属实；对公司负责人的处理属劳动监察职责，已另行移送。'), { confirm: true });

    // The leader reads the whole draft (each request of the petition beside its answer) and signs it.
    await leader.goto(`${rig.app.baseUrl}/staff/approvals`);
    row = inboxRow(leader, number);
    await row.waitFor();
    await row.getByRole('button', { name: '查看全文' }).click();
    const expanded = leader.locator('.approval-expanded');
    await expanded.locator('[data-testid="approval-outcome"]').first().waitFor();
    const full = await expanded.textContent();
    for (const s of ['诉求：责令公司支付拖欠的三个月工资共计2.4万元', '支持第1项：经核实，支持。', '不予支持第2项：经核实，不予支持。', '已另行移送', '《保障农民工工资支付条例》第三条']) expect(full).toContain(s);
    await leader.mouse.move(0, 0);
    const findings = await seriousA11yViolations(leader);
    expect(findings, JSON.stringify(findings)).toEqual([]);
    await screenshot(leader, 'staff-approvals-draft');
    await row.locator('button[data-decide="approve"]').click();
    dialog = decisionDialog(leader);
    await dialog.waitFor();
    await expect(dialog.getByTestId('approval-consequence').textContent()).resolves.toContain('签发后即以本机关名义出具信访处理意见书');
    await animationsSettled(leader);
    await dialog.getByTestId('approval-submit').click();
    await expect(dialog.getByTestId('approval-result').textContent()).resolves.toContain('已签发信访处理意见书');
    await dialog.getByRole('button', { name: /关\s*闭/ }).click();

    // Served by the handler.
    clock.set('2026-03-27');
    page = await as('rsj_handler');
    await openCase(page, rig.app.baseUrl, id);
    expect(await stateLabel(page)).toBe('意见待送达');
    await act(page, 'serve', '意见已送达');
    const timeline = await page.locator('.case-timeline').textContent();
    for (const s of ['拟定处理意见（报请签发）', '不予批准（退回修改）', '签发处理意见', '送达']) expect(timeline).toContain(s);
    const ev = (await rig.app.api('rsj_handler', 'GET', `/api/cases/${id}/events`)).json.map((e: { action: string }) => e.action);
    expect(ev.slice(-7)).toEqual(['request_extension', 'approve_extension', 'draft_opinion', 'refuse_approval', 'draft_opinion', 'sign_opinion', 'serve']);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('an approval after the handling period ended is refused by the server, in its words; the leader sends it back instead', async () => {
    const late = await acceptedCase('某超市拖欠理货员工资', '2026-03-02', '2026-03-03');
    const due = await handlingDue(late.id);
    // Asked in time (the day before the period ends), decided too late.
    clock.set(due);
    await apiAct('rsj_handler', late.id, 'request_extension', { days: 10, reason: '需等待仲裁结果', approverId: 'u-rsj_leader' });
    const after = new Date(`${due}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 3);
    clock.set(after.toISOString().slice(0, 10));

    const leader = await as('rsj_leader');
    await leader.goto(`${rig.app.baseUrl}/staff/approvals`);
    const row = inboxRow(leader, late.number);
    await row.waitFor();
    await expect(row.getAttribute('class')).resolves.toContain('row-overdue');
    await expect(row.textContent()).resolves.toContain('超期');
    await row.locator('button[data-decide="approve"]').click();
    const dialog = decisionDialog(leader);
    await dialog.waitFor();
    await animationsSettled(leader);
    await dialog.getByTestId('approval-submit').click();
    const error = dialog.getByTestId('action-error');
    await expect(error.textContent()).resolves.toContain(`办理期限已于${due}届满，延期须在期限届满前批准`);
    await leader.screenshot({ path: join(SCREENSHOT_DIR, 'staff-approval-late.png') });
    expect(await handlingDue(late.id)).toBe(due);
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await row.locator('button[data-decide="refuse"]').click();
    const refuse = decisionDialog(leader);
    await refuse.waitFor();
    await refuse.getByLabel('不予批准（退回修改）的理由').fill('办理期限已届满，不能延期，请尽快出具处理意见');
    await refuse.getByTestId('approval-submit').click();
    await refuse.getByTestId('approval-result').waitFor();
    await refuse.getByRole('button', { name: /关\s*闭/ }).click();
    await expect.poll(() => leader.locator('.approvals-table').textContent()).toContain('暂无待审批事项');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
