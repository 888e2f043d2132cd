/**
 * The same matter again, in Chromium (issue 9 item 1): a petition linked to a matter whose re-review
 * opinion was served (final, Art 36 ¶3) cannot be routed until the officer compares the two — side
 * by side in the form — and either finds the same facts and reasons (不再受理, only with the explicit
 * confirmation ticked) or records the new facts or reasons (then it is routed as a new matter). And
 * 不予受理 (Art 19 ¶3) offers only the linked petition an organ below is handling, shown beside this
 * one. The earlier matter is walked to its final opinion through the API.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';
import { act, eventCount, formDialog, openCase, stateLabel, submitForm, settle } from './support/case-ui.js';

const clock = new FakeClock('2026-01-05');
const rig = appAndBrowser({ clock });

async function step(user: string, id: string, on: string, action: string, input: Record<string, unknown>) {
  clock.set(on);
  const r = await rig.app.api(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
  expect(r.status, `${action} by ${user}: ${JSON.stringify(r.json)}`).toBe(200);
}
const outcomes = [
  { requestNo: 1, outcome: 'support', reasoning: '工资拖欠属实，已责令支付。' },
  { requestNo: 2, outcome: 'explain', reasoning: '对负责人的处理另案办理。' },
];
const opinion = (approverId: string, extra: Record<string, unknown> = {}) => ({ outcomes, facts: '经调查，拖欠工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId, ...extra });

async function register(user: string, over: Record<string, unknown>) {
  const r = await rig.app.api(user, 'POST', '/api/cases', { petition: samplePetition(over) });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return { id: r.json.case.id as string, number: r.json.case.number as string };
}

/** A letter handled, reviewed and re-reviewed; the re-review opinion served: the matter is final. */
async function finalMatter(): Promise<{ id: string; number: string }> {
  clock.set('2026-01-05');
  const a = await register('xfj_clerk', { receivedOn: '2026-01-05', title: '某建筑公司拖欠农民工工资（已复核）' });
  await step('xfj_officer', a.id, '2026-01-05', 'forward', { targetOrganId: 'county-rsj' });
  await step('rsj_handler', a.id, '2026-01-06', 'accept', {});
  await step('rsj_handler', a.id, '2026-01-20', 'draft_opinion', opinion('u-rsj_leader'));
  await step('rsj_leader', a.id, '2026-01-20', 'sign_opinion', { approvalId: 1 });
  await step('rsj_handler', a.id, '2026-01-21', 'serve', { method: 'in_person', servedOn: '2026-01-21' });
  await step('xian_handler', a.id, '2026-01-26', 'request_review', { reasons: '对处理意见不服。' });
  await step('xian_handler', a.id, '2026-01-27', 'accept_review', {});
  await step('xian_handler', a.id, '2026-02-03', 'draft_review_opinion', opinion('u-xian_leader', { decision: 'uphold' }));
  await step('xian_leader', a.id, '2026-02-03', 'sign_review_opinion', { approvalId: 2 });
  await step('xian_handler', a.id, '2026-02-05', 'serve', { method: 'mail', servedOn: '2026-02-05' });
  await step('shi_handler', a.id, '2026-02-10', 'request_rereview', { reasons: '对复查意见不服。' });
  await step('shi_handler', a.id, '2026-02-11', 'accept_rereview', {});
  await step('shi_handler', a.id, '2026-02-18', 'draft_rereview_opinion', opinion('u-shi_leader', { decision: 'uphold' }));
  await step('shi_leader', a.id, '2026-02-18', 'sign_rereview_opinion', { approvalId: 3 });
  await step('shi_handler', a.id, '2026-02-20', 'serve', { method: 'in_person', servedOn: '2026-02-20' });
  const state = (await rig.app.api('shi_handler', 'GET', `/api/cases/${a.id}`)).json.case.state;
  expect(state).toBe('rereview_served');
  return a;
}

describe('the same matter again', () => {
  let earlier = { id: '', number: '' };
  let officer: Page;

  it('不再受理: the officer compares the two petitions side by side and confirms the same facts and reasons', async () => {
    earlier = await finalMatter();
    clock.set('2026-03-02');
    const again = await register('xfj_clerk', { receivedOn: '2026-03-02', title: '某建筑公司拖欠农民工工资（再次反映）', linkedCaseIds: [earlier.id] });
    const ctx = await newContext(rig.browser);
    officer = await ctx.newPage();
    await staffLogin(officer, rig.app.baseUrl, 'xfj_officer');
    await openCase(officer, rig.app.baseUrl, again.id);

    // The drawer explains Art 36 ¶3 and the two decisions; routing waits for them, and says why.
    const notice = officer.getByTestId('final-matter');
    await notice.waitFor();
    const text = await notice.textContent();
    for (const s of ['第三十六条第三款', earlier.number, '复核意见于2026-02-20送达', '不再受理', '新的事实或理由']) expect(text).toContain(s);
    await officer.locator('.case-actions span.action-refused[data-action="forward"]').hover();
    await expect.poll(() => officer.getByRole('tooltip').filter({ hasText: '请先比对事实和理由' }).isVisible()).toBe(true);
    await officer.mouse.move(0, 0);
    expect(await seriousA11yViolations(officer)).toEqual([]);
    await screenshot(officer, 'staff-final-matter-notice');

    // The form shows both petitions; without the confirmation ticked nothing is sent.
    await officer.locator('[data-final-matter="decline_final_matter"]').click();
    const d = formDialog(officer);
    await d.waitFor();
    const sides = d.getByTestId('compare-side');
    await expect.poll(() => sides.count()).toBe(2);
    await expect(sides.nth(0).textContent()).resolves.toContain(again.number);
    await expect(sides.nth(1).textContent()).resolves.toContain(earlier.number);
    await expect(sides.nth(1).textContent()).resolves.toContain('复核意见（2026-02-18，2026-02-20送达）');
    await expect(sides.nth(1).textContent()).resolves.toContain('责令公司支付拖欠的三个月工资共计2.4万元');
    await d.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => d.locator('.ant-form-item-explain-error').textContent()).toBe('请比对两件信访事项后勾选确认');
    expect(await seriousA11yViolations(officer)).toEqual([]);
    await officer.screenshot({ path: 'artifacts/screenshots/staff-final-matter-compare.png' });
    await d.getByLabel('经比对，事实和理由与原信访事项相同').check();
    const said = await submitForm(officer, 'decline_final_matter', d, true);
    expect(said).toContain(`将认定本件与${earlier.number}号信访事项的事实和理由相同，作出不再受理决定，并向信访人发出不再受理告知书`);
    expect(said).toContain('不能撤回');
    await settle(officer, 'decline_final_matter', d);
    await expect.poll(() => stateLabel(officer)).toBe('不再受理');
    await expect(officer.locator('.case-view').textContent()).resolves.toContain('不再受理告知书');
    expect(await officer.getByTestId('final-matter').count()).toBe(0);
  }, 180_000);

  it('新的事实或理由: recorded with the earlier petition beside it, then the petition is routed as a new matter', async () => {
    clock.set('2026-03-03');
    const fresh = await register('xfj_clerk', {
      receivedOn: '2026-03-03', title: '某建筑公司拖欠农民工工资（新证据）', linkedCaseIds: [earlier.id],
      facts: '公司于2026年2月以同一理由再次拖欠2025年12月至2026年1月的工资。',
    });
    await openCase(officer, rig.app.baseUrl, fresh.id);
    await officer.getByTestId('final-matter').waitFor();
    await officer.locator('[data-final-matter="confirm_new_matter"]').click();
    const d = formDialog(officer);
    await d.waitFor();
    await expect.poll(() => d.getByTestId('compare-side').count()).toBe(2);
    await expect(d.getByTestId('compare-side').nth(0).textContent()).resolves.toContain('2026年2月以同一理由再次拖欠');
    await d.getByLabel('新的事实或理由').fill('新发生的2025年12月至2026年1月欠薪，不在原复核意见范围内。');
    const said = await submitForm(officer, 'confirm_new_matter', d, true);
    expect(said).toContain('作为新的信访事项依法转送、受理办理');
    await settle(officer, 'confirm_new_matter', d);
    await officer.getByTestId('new-matter-finding').waitFor();
    await expect(officer.getByTestId('new-matter-finding').textContent()).resolves.toContain('新发生的2025年12月至2026年1月欠薪');
    expect(await officer.getByTestId('final-matter').count()).toBe(0);
    // The timeline refetches after the finding shows: registration and the finding.
    await expect.poll(() => eventCount(officer)).toBe(2);
    // Now it is routed as any petition.
    await act(officer, 'forward', '待受理');
  }, 120_000);

  it('不予受理 (Art 19 ¶3) offers only the linked petition an organ below is handling, beside this one', async () => {
    clock.set('2026-03-04');
    const below = await register('xfj_clerk', { receivedOn: '2026-03-04', title: '某电子厂拖欠工资' });
    await step('xfj_officer', below.id, '2026-03-04', 'forward', { targetOrganId: 'county-rsj' });
    await step('rsj_handler', below.id, '2026-03-05', 'accept', {});
    clock.set('2026-03-06');
    const above = await register('shi_xfj_officer', { receivedOn: '2026-03-06', title: '某电子厂拖欠工资（向市信访局反映）', linkedCaseIds: [below.id, earlier.id] });

    const ctx = await newContext(rig.browser);
    const city = await ctx.newPage();
    await staffLogin(city, rig.app.baseUrl, 'shi_xfj_officer');
    await openCase(city, rig.app.baseUrl, above.id);
    // The final matter is linked too: decide it first (new facts), then the ground of Art 19 ¶3 remains.
    await city.locator('[data-final-matter="confirm_new_matter"]').click();
    let d = formDialog(city);
    await d.waitFor();
    // The only linked matter still to compare is chosen already.
    await expect(d.getByLabel('已复核的原信访事项').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').textContent()).resolves.toContain(earlier.number);
    await d.getByLabel('新的事实或理由').fill('反映的是另一家企业的欠薪。');
    await submitForm(city, 'confirm_new_matter', d, true);
    await settle(city, 'confirm_new_matter', d);

    await city.locator('.case-actions button[data-action="decline"]').click();
    d = formDialog(city);
    await d.waitFor();
    // Only the petition being handled below is offered, and chosen: both shown side by side.
    await d.getByTestId('case-compare').waitFor();
    await expect(d.getByTestId('compare-side').nth(1).textContent()).resolves.toContain(below.number);
    await d.getByLabel('下级机关已受理或正在办理的同一信访事项').locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').locator('.ant-select-selector').click();
    const options = city.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.count()).toBe(1);
    await expect(options.first().textContent()).resolves.toContain(below.number);
    await city.keyboard.press('Escape');
    await d.getByLabel('不予受理理由').fill('同一事项已由于都县人力资源和社会保障局受理，正在办理。');
    const said = await submitForm(city, 'decline', d, true);
    expect(said).toContain(`同一事项${below.number}已由于都县人力资源和社会保障局受理办理`);
    await settle(city, 'decline', d);
    await expect.poll(() => stateLabel(city)).toBe('不予受理');
    await ctx.close();
  }, 180_000);
});
