/**
 * The petitioner's portal on a phone (390×844): submit a petition with a PNG attachment, keep the
 * receipt; staff (through the API) forward, accept, draft, sign and serve the opinion; the petitioner
 * follows with query code + phone + the demo SMS code, reads the opinion, evaluates and requests
 * review; staff draft, sign and serve the review; the petitioner sees the review decision and the
 * rights card. axe (WCAG 2 A/AA, serious + critical) on every screen; screenshots portal-*.png.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { chinaDate } from '../../src/domain/calendar/dates.js';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations } from './support/e2e.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A valid 2×2 red PNG, made here so the test carries no binary fixture. */
function tinyPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.from([0, 200, 30, 30, 200, 30, 30]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat([row, row]))), chunk('IEND', Buffer.alloc(0))]);
}

/** Today in China, as the server's real clock sees it. */
const chinaToday = () => chinaDate(new Date());

const rig = appAndBrowser();
let ctx: BrowserContext | undefined;
let page: Page;
/** Uncaught errors in the page: a screen that crashes must fail the test with its message. */
const pageErrors: string[] = [];
beforeAll(async () => {
  ctx = await newContext(rig.browser, 'phone');
  page = await ctx.newPage();
  page.on('pageerror', (e) => { pageErrors.push(String(e)); console.log('PAGEERROR', e.stack); });
});
afterAll(async () => {
  await ctx?.close();
});

async function axeClean(name: string) {
  expect(pageErrors).toEqual([]);
  expect(await seriousA11yViolations(page), name).toEqual([]);
  await screenshot(page, `portal-${name}`);
}

describe('petitioner portal on a phone', () => {
  let caseNumber = '';
  let queryCode = '';
  let caseId = '';
  const phone = '13907975678';

  async function act(user: string, action: string, input: Record<string, unknown>) {
    const r = await rig.app.api(user, 'POST', `/api/cases/${caseId}/actions/${action}`, { input });
    expect(r.status, `${action} by ${user}: ${JSON.stringify(r.json)}`).toBe(200);
  }

  it('home and guide are readable and accessible', async () => {
    await page.goto(`${rig.app.baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: '有事好商量，网上反映不用跑' }).waitFor();
    await axeClean('home');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事指南' }).click();
    await page.getByRole('heading', { name: '谁管什么' }).waitFor();
    await page.locator('.office-card').first().waitFor();
    expect(await page.locator('.rights-list').first().locator('li').count()).toBeGreaterThan(0);
    await expect(page.getByRole('main').textContent()).resolves.toContain('第三十五条');
    await axeClean('guide');
  });

  it('submits a petition in five steps with a PNG attachment and shows the receipt', async () => {
    await page.goto(`${rig.app.baseUrl}/`);
    await page.locator('.big-action.primary').click();
    await page.getByRole('heading', { name: '第 1 步：你是谁' }).waitFor();
    await page.getByLabel('姓名').fill('钟德福');
    await page.getByLabel('身份证号').fill('360731197805120016'); // wrong check digit
    await page.getByLabel('手机号码', { exact: true }).fill(phone);
    await page.getByLabel('住址').fill('于都县贡江镇长征村');
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByRole('alert').filter({ hasText: '身份证号不正确' }).waitFor();
    await axeClean('submit-1-error');
    await page.getByLabel('身份证号').fill('360731197805120015');
    await screenshot(page, 'portal-submit-1');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '第 2 步：你的诉求' }).waitFor();
    await page.getByLabel('事项标题').fill('某建筑公司拖欠农民工工资');
    await page.getByLabel('请求 1', { exact: true }).fill('责令公司支付拖欠的三个月工资共计2.4万元');
    await page.getByRole('button', { name: '再加一条请求' }).click();
    await page.getByLabel('请求 2', { exact: true }).fill('依法处理公司负责人');
    await page.getByLabel('事实经过').fill('2025年5月至7月在县城某小区工地务工，公司以资金紧张为由拒付工资。');
    await page.getByLabel('理由').fill('多次讨要未果，劳动监察投诉后仍未支付。');
    await axeClean('submit-2');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '第 3 步：地区与事项' }).waitFor();
    await page.getByLabel('事情发生在哪里').click();
    for (const name of ['江西省', '赣州市', '于都县', '贡江镇']) await page.locator('.ant-cascader-menu-item', { hasText: name }).first().click();
    await page.keyboard.press('Escape');
    await page.getByLabel('涉及哪个部门（可不选）').click();
    await page.getByLabel('涉及哪个部门（可不选）').fill('于都县人力');
    await page.locator('.ant-select-item-option', { hasText: '于都县人力资源和社会保障局' }).first().click();
    // axe runs on the closed form (antd's open option list carries aria-selected on role-less items).
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await expect(page.locator('.ant-select-selection-item').last().textContent()).resolves.toBe('于都县人力资源和社会保障局');
    await axeClean('submit-3');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '第 4 步：上传材料' }).waitFor();
    const input = page.locator('input[type=file]');
    await input.setInputFiles({ name: '欠条.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image at all') });
    await page.getByRole('alert').filter({ hasText: '“欠条.png”未能上传' }).waitFor();
    await input.setInputFiles({ name: '工资欠条.png', mimeType: 'image/png', buffer: tinyPng() });
    await page.getByRole('list', { name: '已上传的材料' }).getByText('工资欠条.png').waitFor();
    await axeClean('submit-4');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('heading', { name: '第 5 步：核对并提交' }).waitFor();
    const summary = await page.locator('.summary').textContent();
    for (const s of ['钟德福', '依法处理公司负责人', '江西省 / 赣州市 / 于都县 / 贡江镇', '于都县人力资源和社会保障局', '不确定，由工作人员分类', '工资欠条.png']) expect(summary).toContain(s);
    await axeClean('submit-5');
    // A double tap sends one request with one key: one case.
    await page.getByRole('button', { name: '提交' }).dblclick();

    await page.getByRole('heading', { name: '提交成功' }).waitFor();
    caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
    queryCode = (await page.getByTestId('query-code').textContent())!.trim();
    expect(caseNumber).not.toBe('');
    expect(queryCode).not.toBe('');
    await axeClean('receipt');

    const ledger = await rig.app.api('xfj_officer', 'GET', '/api/cases/ledger?pageSize=200');
    expect(ledger.status).toBe(200);
    const mine = (ledger.json.items as { id: string; number: string }[]).filter((c) => c.number === caseNumber);
    expect(mine).toHaveLength(1);
    expect(ledger.json.total).toBe(1);
    caseId = mine[0]!.id;
  });

  it('follows the case with query code, phone and the demo code; sees routing, acceptance and the opinion; evaluates and requests review', async () => {
    await page.goto(`${rig.app.baseUrl}/follow`);
    await page.getByLabel('查询码', { exact: true }).fill(queryCode);
    await page.getByLabel('手机号码', { exact: true }).fill(phone);
    await axeClean('follow');
    await page.getByRole('button', { name: '获取验证码' }).click();
    const code = (await page.locator('.demo-code strong').textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('验证码', { exact: true }).fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '查看办理情况' }).click();
    await page.getByRole('alert').filter({ hasText: '验证码' }).waitFor();
    await page.getByLabel('验证码', { exact: true }).fill(code);
    await axeClean('follow-verify');
    await page.getByRole('button', { name: '查看办理情况' }).click();
    await page.getByRole('heading', { name: '我的信访事项' }).waitFor();
    expect(await page.locator('.status-card').textContent()).toContain(caseNumber);

    const today = chinaToday();
    await act('xfj_officer', 'forward', { targetOrganId: 'county-rsj' });
    await act('rsj_handler', 'accept', {});
    await act('rsj_handler', 'draft_opinion', {
      outcomes: [
        { requestNo: 1, outcome: 'support', reasoning: '经核实工资拖欠属实，已责令限期支付。' },
        { requestNo: 2, outcome: 'explain', reasoning: '对公司负责人的处理依《保障农民工工资支付条例》另行立案。' },
      ],
      facts: '经调查，该公司拖欠钟德福等人工资属实。', basis: '《保障农民工工资支付条例》第三条', approverId: 'u-rsj_leader',
    });
    await act('rsj_leader', 'sign_opinion', { approvalId: 1 });
    await act('rsj_handler', 'serve', { method: 'in_person', servedOn: today });

    await page.reload();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    const timeline = await page.locator('.ant-timeline').textContent();
    expect(timeline).toContain('于都县人力资源和社会保障局');
    expect(timeline).toContain('信访处理意见书');
    expect(timeline).not.toMatch(/rsj_handler|u-rsj/);
    await page.getByRole('heading', { name: '评价办理结果' }).waitFor();
    await page.getByRole('heading', { name: '申请复查' }).waitFor();
    await axeClean('case');

    await page.getByRole('button', { name: '查看 信访处理意见书' }).click();
    await page.waitForTimeout(500);
    expect(pageErrors).toEqual([]);
    await page.getByRole('heading', { level: 1, name: '信访处理意见书' }).waitFor();
    const sheet = await page.locator('.doc-sheet').textContent();
    expect(sheet).toContain('于都县人力资源和社会保障局');
    expect(sheet).toContain('经核实工资拖欠属实');
    expect(sheet).not.toContain('u-rsj_leader');
    await axeClean('document');
    await page.getByRole('button', { name: '返回' }).click();

    await page.getByText('不满意', { exact: true }).click();
    await page.getByLabel('想说的话（可不填）').fill('工资尚未全部到账');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText(/您对《信访处理意见书》的评价：\s*不满意/).waitFor();

    await page.getByLabel('请求复查的理由').fill('公司仅支付部分工资，对第 1 项意见的执行不满意。');
    await page.getByRole('button', { name: '申请复查' }).click();
    await page.getByRole('status').filter({ hasText: '复查申请已提交' }).waitFor();
    const detail = await rig.app.api('xfj_officer', 'GET', `/api/cases/${caseId}`);
    expect(detail.json.case?.state ?? detail.json.state).toBe('review_requested');
    await axeClean('case-after-appeal');
  });

  it('sees the review decision, and prints the rights card', async () => {
    await act('xian_handler', 'accept_review', {});
    await act('xian_handler', 'draft_review_opinion', {
      outcomes: [
        { requestNo: 1, outcome: 'support', reasoning: '原处理意见认定事实清楚，已督促公司支付剩余工资。' },
        { requestNo: 2, outcome: 'explain', reasoning: '另案处理。' },
      ],
      facts: '复查查明，公司已支付部分工资。', basis: '《信访工作条例》第三十五条', approverId: 'u-xian_leader', decision: 'uphold',
    });
    await act('xian_leader', 'sign_review_opinion', { approvalId: 2 });
    await act('xian_handler', 'serve', { method: 'mail', servedOn: chinaToday() });

    await page.reload();
    await page.getByRole('heading', { name: '办理过程' }).waitFor();
    expect(await page.locator('.ant-timeline').textContent()).toContain('复查意见书');
    await page.getByRole('heading', { name: '申请复核' }).waitFor();
    await page.getByRole('button', { name: '查看 复查意见书' }).click();
    await page.getByRole('heading', { level: 1, name: '复查意见书' }).waitFor();
    expect(await page.locator('.doc-sheet').textContent()).toContain('已督促公司支付剩余工资');
    await screenshot(page, 'portal-review-document');
    await page.getByRole('button', { name: '返回' }).click();

    await page.getByRole('button', { name: '查看并打印权益保障卡' }).click();
    await page.getByRole('heading', { level: 1, name: '某建筑公司拖欠农民工工资' }).waitFor();
    const card = await page.locator('.doc-sheet').textContent();
    expect(card).toContain(caseNumber);
    expect(card).not.toContain('钟德福'); // the name is masked
    await axeClean('rights-card');
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('查询码', { exact: true }).waitFor();
    expect((await page.request.get(`${rig.app.baseUrl}/api/public/case`)).status()).toBe(401);
  });
});
