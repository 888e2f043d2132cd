/** Both web apps are served, log-in works in a real browser, and the log-in page passes axe. */
import { describe, expect, it } from 'vitest';
import { appAndBrowser, newContext, screenshot, seriousA11yViolations, staffLogin } from './support/e2e.js';

const rig = appAndBrowser();

describe('web apps', () => {
  it('serves the workbench log-in page, accessible, and logs in', async () => {
    const ctx = await newContext(rig.browser);
    const page = await ctx.newPage();
    await page.goto(`${rig.app.baseUrl}/staff/`);
    await page.getByRole('heading', { name: '民声 · 信访工作台' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'staff-login');
    await page.getByLabel('用户名').fill('xfj_clerk');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await staffLogin(page, rig.app.baseUrl, 'xfj_clerk');
    await expect(page.locator('.shell-header').textContent()).resolves.toContain('于都县');
    await ctx.close();
  });

  it('serves the portal at / and client routes fall back to the app; unknown API paths stay JSON', async () => {
    const ctx = await newContext(rig.browser, 'phone');
    const page = await ctx.newPage();
    const r = await page.goto(`${rig.app.baseUrl}/follow`);
    expect(r?.status()).toBe(200);
    await page.locator('.portal-header').waitFor();
    const api = await fetch(`${rig.app.baseUrl}/api/nope`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'NOT_FOUND' });
    await ctx.close();
  });
});
