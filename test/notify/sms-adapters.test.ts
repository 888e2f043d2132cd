/**
 * The cloud SMS adapters against local fake endpoints (node:http on port 0) that recompute the
 * signature with their own code, check every parameter, and answer like the provider — success,
 * flow control, bad number, server fault, wrong key. Never a real service.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsAdapter } from '../../src/notify/sms/aliyun.js';
import { TencentSmsAdapter } from '../../src/notify/sms/tencent.js';
import { SmsError, type SmsAdapter, type SmsMessage } from '../../src/notify/sms/adapter.js';
import { FileSmsAdapter } from '../../src/notify/sms/file.js';
import { smsAdapterFromEnv } from '../../src/notify/sms/index.js';

const NOW = new Date('2026-03-18T02:03:04.567Z');
const msg: SmsMessage = {
  deliveryId: '6f1c2a7e-1111-4222-8333-944455556666', phone: '13907971234', templateKey: 'accepted',
  params: { number: '360731-2025-000001', organ: '于都县人力资源和社会保障局(劳动*监察)\'!', due: '2025年11月25日' }, text: '（由平台按模板生成）',
};

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }
async function fakeServer(handler: (req: Seen) => { status: number; body: string }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(r);
      const out = handler(r);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function failure(p: Promise<unknown>): Promise<SmsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SmsError) return e;
    throw e;
  }
  throw new Error('expected an SmsError');
}

// ——— Alibaba Cloud ———

/** RFC 3986 percent-encoding byte by byte (the fake's own, not the adapter's). */
function rfc3986(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
function formDecode(body: string): Record<string, string> {
  return Object.fromEntries(body.split('&').map((kv) => kv.split('=').map((x) => decodeURIComponent(x)) as [string, string]));
}

describe('AliyunSmsAdapter (Dysms SendSms, RPC, HMAC-SHA1)', () => {
  const SECRET = 'testSecret+/=ABC';
  let fake: Awaited<ReturnType<typeof fakeServer>>;
  let reply: (p: Record<string, string>) => { status: number; body: string } = () => ({ status: 200, body: '{}' });
  beforeAll(async () => {
    fake = await fakeServer((req) => {
      const p = formDecode(req.body);
      const canonical = Object.keys(p).filter((k) => k !== 'Signature').sort().map((k) => `${rfc3986(k)}=${rfc3986(p[k]!)}`).join('&');
      const expected = createHmac('sha1', `${SECRET}&`).update(`${req.method}&%2F&${rfc3986(canonical)}`).digest('base64');
      if (p.Signature !== expected) return { status: 400, body: JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' }) };
      return reply(p);
    });
  });
  afterAll(() => fake.close());
  const adapter = (secret = SECRET) => new AliyunSmsAdapter({ accessKeyId: 'LTAI-test', accessKeySecret: secret, signName: '民声', templates: { accepted: 'SMS_0001' }, endpoint: fake.url }, { now: () => NOW });

  it('signs the request and sends every parameter; the BizId is the provider message id', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'r1' }) });
    expect(await adapter().send(msg)).toEqual({ providerMessageId: '900619746936498440^0' });
    const p = formDecode(fake.seen.at(-1)!.body);
    expect(fake.seen.at(-1)!.method).toBe('POST');
    expect(p).toMatchObject({
      Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', AccessKeyId: 'LTAI-test', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
      Timestamp: '2026-03-18T02:03:04Z', PhoneNumbers: '13907971234', SignName: '民声', TemplateCode: 'SMS_0001', OutId: msg.deliveryId, RegionId: 'cn-hangzhou',
    });
    expect(JSON.parse(p.TemplateParam!)).toEqual(msg.params);
    expect(p.SignatureNonce).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps provider errors: flow control and server faults retryable, a bad number or a wrong key permanent', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' }) });
    expect(await failure(adapter().send(msg))).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', retryable: true });
    reply = () => ({ status: 200, body: JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }) });
    expect(await failure(adapter().send(msg))).toMatchObject({ code: 'isv.MOBILE_NUMBER_ILLEGAL', retryable: false });
    reply = () => ({ status: 503, body: 'Service Unavailable' });
    expect(await failure(adapter().send(msg))).toMatchObject({ code: 'HTTP_503', retryable: true });
    expect(await failure(adapter('wrong-secret').send(msg))).toMatchObject({ code: 'SignatureDoesNotMatch', retryable: false });
    expect(await failure(adapter().send({ ...msg, templateKey: 'not_reaccepted' }))).toMatchObject({ code: 'TEMPLATE_NOT_CONFIGURED', retryable: false });
  });

  it('an unreachable endpoint is retryable', async () => {
    const a = new AliyunSmsAdapter({ accessKeyId: 'x', accessKeySecret: 'y', signName: '民声', templates: { accepted: 'SMS_1' }, endpoint: 'http://127.0.0.1:1/', timeoutMs: 2000 });
    expect(await failure(a.send(msg))).toMatchObject({ retryable: true });
  });
});

// ——— Tencent Cloud ———

describe('TencentSmsAdapter (SendSms 2021-01-11, TC3-HMAC-SHA256)', () => {
  const SECRET_KEY = 'tencent-secret-key';
  let fake: Awaited<ReturnType<typeof fakeServer>>;
  let reply: (b: Record<string, unknown>) => { status: number; body: string } = () => ({ status: 200, body: '{}' });
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const mac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();
  beforeAll(async () => {
    fake = await fakeServer((req) => {
      const auth = String(req.headers.authorization);
      const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
      const fail = (code: string) => ({ status: 200, body: JSON.stringify({ Response: { Error: { Code: code, Message: code }, RequestId: 'r' } }) });
      if (!m) return fail('AuthFailure.InvalidAuthorization');
      const [, secretId, date, signed, sig] = m as unknown as [string, string, string, string, string];
      const ts = Number(req.headers['x-tc-timestamp']);
      if (secretId !== 'AKID-test' || new Date(ts * 1000).toISOString().slice(0, 10) !== date) return fail('AuthFailure.SecretIdNotFound');
      const names = signed.split(';');
      const canonicalHeaders = names.map((h) => `${h}:${String(req.headers[h]).trim().toLowerCase()}\n`).join('');
      const canonicalRequest = ['POST', '/', '', canonicalHeaders, signed, sha(req.body)].join('\n');
      const toSign = ['TC3-HMAC-SHA256', String(ts), `${date}/sms/tc3_request`, sha(canonicalRequest)].join('\n');
      const key = mac(mac(mac(`TC3${SECRET_KEY}`, date), 'sms'), 'tc3_request');
      if (createHmac('sha256', key).update(toSign).digest('hex') !== sig || !names.includes('host') || !names.includes('content-type')) return fail('AuthFailure.SignatureFailure');
      if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11' || req.headers['x-tc-region'] !== 'ap-guangzhou') return fail('InvalidParameter');
      return reply(JSON.parse(req.body) as Record<string, unknown>);
    });
  });
  afterAll(() => fake.close());
  const adapter = (secretKey = SECRET_KEY) => new TencentSmsAdapter({ secretId: 'AKID-test', secretKey, sdkAppId: '1400000001', signName: '民声', templates: { accepted: '100001' }, endpoint: fake.url }, { now: () => NOW });
  const ok = (b: Record<string, unknown>) => ({ status: 200, body: JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: '2028:f825e6b16e23f73f4123', PhoneNumber: (b.PhoneNumberSet as string[])[0], Fee: 1, SessionContext: b.SessionContext, Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'r' } }) });

  it('signs the request and sends the parameters in the template’s order; the SerialNo is the provider message id', async () => {
    reply = ok;
    expect(await adapter().send(msg)).toEqual({ providerMessageId: '2028:f825e6b16e23f73f4123' });
    const b = JSON.parse(fake.seen.at(-1)!.body) as Record<string, unknown>;
    expect(b).toEqual({
      PhoneNumberSet: ['+8613907971234'], SmsSdkAppId: '1400000001', SignName: '民声', TemplateId: '100001',
      TemplateParamSet: [msg.params.number, msg.params.organ, msg.params.due], SessionContext: msg.deliveryId,
    });
    expect(fake.seen.at(-1)!.headers['x-tc-timestamp']).toBe(String(Math.floor(NOW.getTime() / 1000)));
  });

  it('maps provider errors: rate limits and internal errors retryable, a wrong key or a bad number permanent', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ Response: { Error: { Code: 'RequestLimitExceeded', Message: '请求频率超限' }, RequestId: 'r' } }) });
    expect(await failure(adapter().send(msg))).toMatchObject({ code: 'RequestLimitExceeded', retryable: true });
    reply = () => ({ status: 200, body: JSON.stringify({ Response: { Error: { Code: 'InternalError.Timeout', Message: '超时' }, RequestId: 'r' } }) });
    expect(await failure(adapter().send(msg))).toMatchObject({ retryable: true });
    reply = (b) => ({ status: 200, body: JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: (b.PhoneNumberSet as string[])[0], Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误' }], RequestId: 'r' } }) });
    expect(await failure(adapter().send(msg))).toMatchObject({ code: 'InvalidParameterValue.IncorrectPhoneNumber', retryable: false });
    reply = ok;
    expect(await failure(adapter('wrong').send(msg))).toMatchObject({ code: 'AuthFailure.SignatureFailure', retryable: false });
  });
});

describe('choosing the adapter from the environment', () => {
  it('file by default, under MINSHENG_DATA_DIR or MINSHENG_SMS_FILE; cloud ones need their credentials', () => {
    const fileOf = (a: SmsAdapter) => {
      if (!(a instanceof FileSmsAdapter)) throw new Error(`expected the file adapter, got ${a.name}`);
      return a.path;
    };
    expect(fileOf(smsAdapterFromEnv({ MINSHENG_DATA_DIR: '/tmp/ms' }))).toBe('/tmp/ms/sms-outbox.jsonl');
    expect(fileOf(smsAdapterFromEnv({ MINSHENG_SMS_FILE: '/tmp/x.jsonl' }))).toBe('/tmp/x.jsonl');
    expect(() => smsAdapterFromEnv({ MINSHENG_SMS_PROVIDER: 'aliyun' })).toThrow(/MINSHENG_ALIYUN_ACCESS_KEY_ID/);
    expect(() => smsAdapterFromEnv({ MINSHENG_SMS_PROVIDER: 'smoke' })).toThrow(/file、aliyun 或 tencent/);
    const t = smsAdapterFromEnv({
      MINSHENG_SMS_PROVIDER: 'tencent', MINSHENG_TENCENT_SECRET_ID: 'a', MINSHENG_TENCENT_SECRET_KEY: 'b', MINSHENG_TENCENT_SMS_APP_ID: '1',
      MINSHENG_TENCENT_SMS_SIGN_NAME: '民声', MINSHENG_TENCENT_SMS_TEMPLATES: '{"registered":"1"}',
    });
    expect(t.name).toBe('tencent');
    expect(() => smsAdapterFromEnv({ MINSHENG_SMS_PROVIDER: 'aliyun', MINSHENG_ALIYUN_ACCESS_KEY_ID: 'a', MINSHENG_ALIYUN_ACCESS_KEY_SECRET: 'b', MINSHENG_ALIYUN_SMS_SIGN_NAME: 'c', MINSHENG_ALIYUN_SMS_TEMPLATES: '[1]' })).toThrow(/JSON 对象/);
  });
});
