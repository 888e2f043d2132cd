/**
 * The case detail in a real browser: a letter walked through every stage until the re-review
 * opinion is served (final, Art 36 ¶3) by the responsible demo users in turn, each step by the action
 * button and its generated form, each opinion drafted by a handler and signed by the named head from
 * the case; an extension refused while the case is simplified (reason on hover and focus), a number
 * out of range refused in the form, then requested and approved by the head; an A4 notice printed.
 * The server clock is moved between steps (FakeClock) so the statutory windows are the real ones of 2025.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { appAndBrowser, newContext, SCREENSHOT_DIR, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';
import {
  act as actOn, chooseOption, decideInCase, eventCount, fillOpinion, formDialog, openCase as openCaseAt, openFromQueue as openFromQueueAt,
  openWatchedAction, selectText, stateLabel, submitForm,
} from './support/case-ui.js';

const clock = new FakeClock('2025-09-20');
const T0 = Date.now();
const rig = appAndBrowser({ clock });
const sessions = new Map<string, { ctx: BrowserContext; page: Page }>();

/** One logged-in browser context per demo user, kept for the file. */
async function as(username: string): Promise<Page> {
  let s = sessions.get(username);
  if (!s) {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await staffLogin(page, rig.app.baseUrl, username);
    s = { ctx, page };
    sessions.set(username, s);
  }
  return s.page;
}

const openCase = (page: Page, id: string) => openCaseAt(page, rig.app.baseUrl, id);
const act = async (page: Page, action: string, expectState: string, fill?: (d: Locator) => Promise<void>, opts?: { confirm?: boolean }) => {
  const said = await actOn(page, action, expectState, fill, opts);
  if (process.env.E2E_TIMING) console.log(`[case-lifecycle] ${((Date.now() - T0) / 1000).toFixed(1)} s ${action}`);
  return said;
};

describe('case detail, actions and notices', () => {
  let id = '';
  let number = '';

  it('walks a letter through every stage until the re-review opinion is served (final), each step by its responsible user', async () => {
    // Everyone logs in first, side by side (password hashing is the slow part).
    await Promise.all(['xfj_officer', 'rsj_leader', 'rsj_handler', 'xian_handler', 'xian_leader', 'shi_handler', 'shi_leader'].map(as));
    const r = await rig.app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2025-09-20' }) });
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

    // The handler drafts an opinion on each request and asks the head to sign it (报请签发): the
    // confirmation says what will happen; nothing is issued yet and the state does not move.
    clock.set('2025-11-10');
    const said = await act(page, 'draft_opinion', '办理中', async (d) => {
      await expect(selectText(d, '签发领导')).resolves.toContain('张伟');
      // A claim's requests are answered 支持 / 解释说明 / 不予支持, nothing else.
      await expect(d.locator('[data-testid="opinion-request"]').first().locator('label.ant-radio-wrapper').allTextContents()).resolves.toEqual(['支持', '解释说明', '不予支持']);
      await fillOpinion(d, ['支持', '解释说明']);
      // The generated form: labelled, keyboard-reachable, AA contrast.
      const inForm = await seriousA11yViolations(page);
      const html = await Promise.all(inForm.flatMap((f) => f.targets)
        .map((sel) => page.evaluate((s) => document.querySelector(s)?.outerHTML.slice(0, 400) ?? s, sel)));
      expect(inForm, JSON.stringify(inForm) + html.join('\n')).toEqual([]);
      // The viewport only: a modal's mask covers the viewport, not the full page.
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'staff-case-action-form.png') });
    }, { confirm: true });
    expect(said).toContain('报请张伟签发');
    expect(said).toContain('第1项支持；第2项解释说明');
    await expect(page.locator('[data-testid="approval-pending"]').textContent()).resolves.toMatch(/处理意见，已于2025-11-10由李娟报请张伟签发，待签发/);
    await expect(page.locator('.case-timeline').textContent()).resolves.toContain('第1项支持；第2项解释说明');
    // The handler has no signing button, and no approval number appears anywhere.
    expect(await page.locator('.case-view [data-decide]').count()).toBe(0);
    expect(await page.locator('.case-actions [data-action="sign_opinion"]').count()).toBe(0);

    // The head signs it from the case (签发): the opinion is issued.
    page = await as('rsj_leader');
    await openCase(page, id);
    expect(await decideInCase(page, 'approve')).toContain('已签发信访处理意见书');
    expect(await stateLabel(page)).toBe('意见待送达');
    await expect(page.locator('[data-testid="approval-history"]').textContent()).resolves.toContain('张伟签发');

    clock.set('2025-11-12');
    page = await as('rsj_handler');
    await openCase(page, id);
    await act(page, 'serve', '意见已送达', async (d) => {
      expect(await d.getByLabel('送达日期').inputValue()).toBe('2025-11-12');
    });
    await expect(page.locator('[data-testid="clock-review_request"]').textContent()).resolves.toContain('于都县人民政府');

    // Review (复查) by the county government, entered for the petitioner by its handler, signed by the county head.
    clock.set('2025-11-20');
    page = await as('xian_handler');
    await openCase(page, id);
    await act(page, 'request_review', '复查待受理', (d) => d.getByLabel('复查请求及理由').fill('公司仅支付部分工资，请求复查。'));
    await act(page, 'accept_review', '复查中');
    clock.set('2025-12-01');
    await act(page, 'draft_review_opinion', '复查中', async (d) => {
      await chooseOption(page, d, '复查决定', '维持');
      await expect(selectText(d, '签发领导')).resolves.toContain('邓县长');
      await fillOpinion(d, ['支持', '解释说明']);
    }, { confirm: true });
    page = await as('xian_leader');
    await openCase(page, id);
    await decideInCase(page, 'approve');
    expect(await stateLabel(page)).toBe('复查意见待送达');
    clock.set('2025-12-02');
    page = await as('xian_handler');
    await openCase(page, id);
    await act(page, 'serve', '复查意见已送达', (d) => chooseOption(page, d, '送达方式', '邮寄送达'));

    // Re-review (复核) by the city government: once its opinion is served the matter is final.
    clock.set('2025-12-10');
    page = await as('shi_handler');
    await openCase(page, id);
    await act(page, 'request_rereview', '复核待受理', (d) => d.getByLabel('复核请求及理由').fill('对复查意见不服。'));
    await act(page, 'accept_rereview', '复核中');
    clock.set('2025-12-22');
    await act(page, 'draft_rereview_opinion', '复核中', async (d) => {
      await chooseOption(page, d, '复核决定', '维持');
      await fillOpinion(d, ['支持', '解释说明']);
    }, { confirm: true });
    page = await as('shi_leader');
    await openCase(page, id);
    await decideInCase(page, 'approve');
    expect(await stateLabel(page)).toBe('复核意见待送达');
    page = await as('shi_handler');
    await openCase(page, id);
    await act(page, 'serve', '复核意见已送达（最终意见）');

    // The whole history, in order, with actors and organs; no clock left running.
    const timeline = await page.locator('.case-timeline').textContent();
    for (const label of ['登记', '转送', '分办', '受理', '拟定处理意见（报请签发）', '签发处理意见', '送达', '请求复查', '受理复查', '拟定复查意见（报请签发）', '签发复查意见', '请求复核', '受理复核', '拟定复核意见（报请签发）', '签发复核意见']) expect(timeline).toContain(label);
    for (const who of ['刘晓燕（于都县信访局）', '陈志强（于都县信访局）', '张伟（于都县人力资源和社会保障局）', '李娟（于都县人力资源和社会保障局）', '许杰（于都县人民政府）', '邓县长（于都县人民政府）', '曹明（赣州市人民政府）', '彭市长（赣州市人民政府）']) expect(timeline).toContain(who);
    expect(await eventCount(page)).toBe(17);
    await expect(page.locator('.case-clocks').textContent()).resolves.toContain('无在办期限');
    expect(await page.locator('.case-actions button[data-action]:not([disabled])').count()).toBe(0);
    // The API agrees.
    const ev = await rig.app.api('shi_handler', 'GET', `/api/cases/${id}/events`);
    expect(ev.json.map((e: { action: string }) => e.action)).toEqual([
      'register', 'forward', 'assign_handler', 'accept', 'draft_opinion', 'sign_opinion', 'serve', 'request_review', 'accept_review', 'draft_review_opinion', 'sign_review_opinion', 'serve',
      'request_rereview', 'accept_rereview', 'draft_rereview_opinion', 'sign_rereview_opinion', 'serve',
    ]);
  }, 300_000);

  it('an extension: refused while the case is simplified (reason on hover and focus); a number out of range refused in the form; granted by the named head', async () => {
    clock.set('2026-03-02');
    const r = await rig.app.api('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02', title: '某餐饮店拖欠厨师工资' }), simplified: true });
    expect(r.status).toBe(201);
    const cid = r.json.case.id as string;
    expect((await rig.app.api('xfj_officer', 'POST', `/api/cases/${cid}/actions/forward`, { input: { targetOrganId: 'county-rsj' } })).status).toBe(200);
    expect((await rig.app.api('rsj_handler', 'POST', `/api/cases/${cid}/actions/accept`, { input: {} })).status).toBe(200);

    clock.set('2026-03-05');
    const page = await as('rsj_handler');
    await openFromQueueAt(page, rig.app.baseUrl, '某餐饮店拖欠厨师工资');
    expect(await stateLabel(page)).toBe('办理中');
    await expect(page.locator('.case-view').textContent()).resolves.toContain('简易办理');
    // Masked by default; the holder may ask for the full data (audited server-side).
    await expect(page.locator('[data-testid="petitioner"]').textContent()).resolves.toContain('3607**********0015');
    await page.getByRole('button', { name: '查看完整信息' }).click();
    // The reason is asked first (issue 12): nothing is shown without one.
    const dialog = page.getByRole('dialog', { name: '查看完整个人信息' });
    await dialog.getByRole('button', { name: '确认查看' }).click();
    await expect.poll(() => dialog.textContent()).toContain('请说明查看事由');
    await expect(page.locator('[data-testid="petitioner"]').textContent()).resolves.toContain('3607**********0015');
    await dialog.getByLabel('查看事由').fill('电话联系信访人');
    await dialog.getByRole('button', { name: '确认查看' }).click();
    await expect.poll(() => page.locator('[data-testid="petitioner"]').textContent()).toContain('360731197805120015');
    const audit = (await rig.app.api('auditor', 'GET', '/api/audit?action=case.unmask&pageSize=1')).json.items[0];
    expect(audit.detail.reason).toBe('电话联系信访人');
    await page.getByRole('button', { name: '隐藏完整信息' }).click();
    const refused = page.locator('.case-actions span.action-refused[data-action="request_extension"]');
    await refused.hover();
    await expect(page.getByRole('tooltip').filter({ hasText: '简易办理事项不能延期' }).textContent()).resolves.toContain('请转为普通程序');
    await page.mouse.move(0, 0);
    await refused.focus();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: '简易办理事项不能延期' }).isVisible()).toBe(true);
    await screenshot(page, 'staff-case-refused-reason');
    const findings = await seriousA11yViolations(page);
    expect(findings, JSON.stringify(findings)).toEqual([]);

    await act(page, 'convert_to_normal', '办理中', (d) => d.getByLabel('转为普通程序的理由').fill('涉及多名务工人员，事实需进一步调查'));
    const before = (await rig.app.api('rsj_handler', 'GET', `/api/cases/${cid}`)).json.clocks.find((k: { kind: string }) => k.kind === 'handling').due as string;
    await expect(page.locator('[data-testid="clock-handling"]').textContent()).resolves.toContain(before);

    // 31 days is more than the profile allows: refused in the form, in words, and nothing is sent.
    const { dialog: d, sent, eventsBefore: events } = await openWatchedAction(page, 'request_extension');
    await expect(selectText(d, '审批领导')).resolves.toContain('张伟');
    await d.getByLabel('延期天数').fill('31');
    await d.getByLabel('延期理由').fill('需补充调查取证');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await expect(d.locator('.ant-form-item-explain-error').textContent()).resolves.toBe('延期天数不能超过30日');
    expect(sent).toEqual([]);
    expect(await eventCount(page)).toBe(events);
    await d.getByLabel('延期天数').fill('30');
    const said = await submitForm(page, 'request_extension', d, true);
    expect(said).toContain('将报请张伟批准延期办理30日');
    expect(said).toContain(`仍于${before}届满`);
    await d.waitFor({ state: 'detached' });
    await expect.poll(() => eventCount(page)).toBe(events + 1);
    await expect(page.locator('[data-testid="approval-pending"]').textContent()).resolves.toContain('延期30日，已于2026-03-05由李娟报请张伟审批，待审批');
    // Nothing changed yet: the clock keeps running to the old date.
    await expect(page.locator('[data-testid="clock-handling"]').textContent()).resolves.toContain(before);

    // The head approves it from the case.
    const leader = await as('rsj_leader');
    await openCase(leader, cid);
    await leader.locator('[data-testid="approval-pending"] button[data-decide="approve"]').waitFor();
    expect(await seriousA11yViolations(leader)).toEqual([]);
    await screenshot(leader, 'staff-case-pending-approval');
    const result = await decideInCase(leader, 'approve');
    const after = (await rig.app.api('rsj_handler', 'GET', `/api/cases/${cid}`)).json.clocks.find((k: { kind: string }) => k.kind === 'handling').due as string;
    expect(after > before).toBe(true);
    expect(result).toContain(`办理期限延至 ${after}`);
    await expect.poll(() => leader.locator('[data-testid="clock-handling"]').textContent()).toContain(after);
    const timeline = await leader.locator('.case-timeline').textContent();
    expect(timeline).toContain('申请延期办理');
    expect(timeline).toContain('批准延期办理');
    expect(timeline).toContain(`新的办理期限：${after}`);
    expect(timeline).toContain('审批（签发）领导：张伟');
    // Once extended, never again — and the reason says so.
    await openCase(page, cid);
    await page.locator('.case-actions span.action-refused[data-action="request_extension"]').hover();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: '不得再次延期' }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await screenshot(page, 'staff-case-drawer');

    // Someone else acts while the form is open: the submit is refused as stale, the user is told, the case reloads.
    const seen = await eventCount(page);
    await page.locator('.case-actions button[data-action="record_hearing"]').click();
    const h = formDialog(page);
    await h.waitFor();
    await h.getByLabel('听证情况').fill('听取了双方意见');
    expect((await rig.app.api('rsj_leader', 'POST', `/api/cases/${cid}/actions/record_hearing`, { input: { heldOn: '2026-03-05', summary: '负责人主持听证' } })).status).toBe(200);
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
    // Beside 打印: the document as PDF and Word files, downloaded with the session.
    for (const [label, type] of [['PDF', 'application/pdf'], ['Word', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']] as const) {
      const href = await tab.getByRole('link', { name: new RegExp(`^下载${label}：受理告知书`) }).getAttribute('href');
      const file = await tab.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type'), sm3: r.headers.get('x-content-sm3') };
      }, href ?? '');
      expect(file.status, label).toBe(200);
      expect(file.type).toBe(type);
      expect(file.sm3).toMatch(/^[0-9a-f]{64}$/);
    }

    // The opinion: each request answered, the basis, and the right to ask for review within 30 days, and from whom.
    const docs = (await rig.app.api('rsj_handler', 'GET', `/api/cases/${id}/documents`)).json as { id: string; kind: string }[];
    await tab.goto(`${rig.app.baseUrl}/staff/print/${id}/${docs.find((x) => x.kind === 'opinion')!.id}`);
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
