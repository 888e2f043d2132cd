/**
 * The portal's verification code leaves through the configured SMS gateway (here the file
 * adapter): once per challenge that matches a case, never for a pair that matches nothing, and
 * with the phone masked in the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSmsAdapter, readSmsFile } from '../../src/notify/sms/file.js';
import { VERIFICATION_TEMPLATE_KEY } from '../../src/notify/verification-sender.js';
import { FakeClock } from '../support/db.js';
import { portalServer } from './support.js';

let dir = '';
let file = '';
let srv: Awaited<ReturnType<typeof portalServer>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ms-verify-'));
  file = join(dir, 'sms.jsonl');
  const quiet = { info: () => {}, warn: () => {} };
  // Wired as `npm start` wires it: compose's `sms` option (the template wording from NotificationService).
  srv = await portalServer(new FakeClock('2025-09-20'), {}, { sms: new FileSmsAdapter(file, quiet) });
});
afterAll(async () => {
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

const challenge = (queryCode: string, phone: string) =>
  srv.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone } });

describe('verification codes by SMS', () => {
  it('sends the code of a matching challenge to the phone on the case, and nothing for a miss', async () => {
    const receipt = await srv.submit();
    const miss = await challenge(receipt.queryCode, '13800000000');
    expect(miss.statusCode).toBe(200);
    const hit = await challenge(receipt.queryCode, '13907971234');
    const { demoCode } = hit.json<{ demoCode: string }>();
    // The send is not awaited by the request (timing must not tell a hit from a miss).
    await expect.poll(async () => (await readSmsFile(file)).length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    const lines = await readSmsFile(file);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.templateKey).toBe(VERIFICATION_TEMPLATE_KEY);
    expect(lines[0]!.text).toContain(demoCode);
    expect(lines[0]!.text).toContain(receipt.caseNumber);
    expect(lines[0]!.phone).not.toContain('13907971234');
    // The code received by SMS opens the case.
    const v = await srv.app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: hit.json<{ challengeId: string }>().challengeId, code: demoCode } });
    expect(v.statusCode).toBe(200);
  });

  it('uses the wording the administrator set for the verification template', async () => {
    const receipt = await srv.submit();
    const put = await srv.as('admin', 'PUT', '/api/admin/notification-templates/verification_code', { body: '【民声】验证码{code}（事项{number}）' });
    expect(put.statusCode).toBe(200);
    const before = (await readSmsFile(file)).length;
    const { demoCode } = (await challenge(receipt.queryCode, '13907971234')).json<{ demoCode: string }>();
    await expect.poll(async () => (await readSmsFile(file)).length).toBe(before + 1);
    expect((await readSmsFile(file)).at(-1)!.text).toBe(`【民声】验证码${demoCode}（事项${receipt.caseNumber}）`);
  });
});
