/**
 * Tencent Cloud SMS SendSms, API 2021-01-11, signed with TC3-HMAC-SHA256:
 *   CanonicalRequest = POST \n / \n (empty query) \n canonical headers \n signed headers \n hex(SHA256(body))
 *   StringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date/sms/tc3_request + "\n" + hex(SHA256(CanonicalRequest))
 *   key = HMAC(HMAC(HMAC("TC3" + SecretKey, date), "sms"), "tc3_request"); Signature = hex(HMAC(key, StringToSign))
 * (date is the UTC date of the timestamp).
 *
 * Idempotency: the delivery id is sent as SessionContext, which Tencent returns in the response
 * and in delivery receipts. Tencent does NOT de-duplicate by it: a worker that dies after Tencent
 * accepted a message and before the row is marked sent causes a second SMS on retry; the
 * SessionContext identifies it for reconciliation. A row marked sent is never sent again.
 */
import { createHash, createHmac } from 'node:crypto';
import { TEMPLATES, isTemplateKey } from '../templates.js';
import { systemClock, type Clock } from '../../app/clock.js';
import { fetchWithTimeout, SmsError, type SmsAdapter, type SmsMessage } from './adapter.js';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** Template key → Tencent TemplateId; parameters go in the order of TEMPLATES[key].placeholders. */
  templates: Record<string, string>;
  endpoint?: string;
  region?: string;
  timeoutMs?: number;
}

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

export const TC3_SIGNED_HEADERS = 'content-type;host;x-tc-action';

export function tc3Signature(a: {
  secretKey: string; host: string; action: string; contentType: string; body: string; timestamp: number; service: string;
}): string {
  const date = new Date(a.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalHeaders = `content-type:${a.contentType}\nhost:${a.host}\nx-tc-action:${a.action.toLowerCase()}\n`;
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${TC3_SIGNED_HEADERS}\n${sha256hex(a.body)}`;
  const scope = `${date}/${a.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${a.timestamp}\n${scope}\n${sha256hex(canonicalRequest)}`;
  const key = hmac(hmac(hmac(`TC3${a.secretKey}`, date), a.service), 'tc3_request');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** Error codes after which the same request can succeed later. */
const RETRYABLE_PREFIXES = ['InternalError', 'RequestLimitExceeded', 'LimitExceeded.DeliveryFrequencyLimit', 'ResourceUnavailable', 'FailedOperation.InsufficientBalanceInSmsPackage'];

export class TencentSmsAdapter implements SmsAdapter {
  readonly name = 'tencent';
  /** @param clock real time (the session clock, src/app/clock.ts): the provider checks the request's timestamp. */
  constructor(private readonly cfg: TencentSmsConfig, private readonly clock: Clock = systemClock) {}

  async send(msg: SmsMessage): Promise<{ providerMessageId: string }> {
    const templateId = this.cfg.templates[msg.templateKey];
    if (!templateId || !isTemplateKey(msg.templateKey)) throw new SmsError('TEMPLATE_NOT_CONFIGURED', `未配置腾讯云短信模板：${msg.templateKey}`, false);
    const endpoint = new URL(this.cfg.endpoint ?? 'https://sms.tencentcloudapi.com/');
    const body = JSON.stringify({
      PhoneNumberSet: [`+86${msg.phone}`], SmsSdkAppId: this.cfg.sdkAppId, SignName: this.cfg.signName, TemplateId: templateId,
      TemplateParamSet: TEMPLATES[msg.templateKey].placeholders.map((p) => msg.params[p] ?? ''), SessionContext: msg.deliveryId,
    });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const contentType = 'application/json; charset=utf-8';
    const signature = tc3Signature({ secretKey: this.cfg.secretKey, host: endpoint.host, action: 'SendSms', contentType, body, timestamp, service: 'sms' });
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const res = await fetchWithTimeout(endpoint.toString(), {
      method: 'POST', body,
      headers: {
        'authorization': `TC3-HMAC-SHA256 Credential=${this.cfg.secretId}/${date}/sms/tc3_request, SignedHeaders=${TC3_SIGNED_HEADERS}, Signature=${signature}`,
        'content-type': contentType, 'host': endpoint.host, 'x-tc-action': 'SendSms', 'x-tc-timestamp': String(timestamp),
        'x-tc-version': '2021-01-11', 'x-tc-region': this.cfg.region ?? 'ap-guangzhou',
      },
    }, this.cfg.timeoutMs ?? 10_000);
    let json: { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { SerialNo: string; Code: string; Message: string }[] } } = {};
    try {
      json = (await res.json()) as typeof json;
    } catch { /* judged by the status below */ }
    const err = json.Response?.Error;
    const status = json.Response?.SendStatusSet?.[0];
    if (res.ok && !err && status?.Code === 'Ok') return { providerMessageId: status.SerialNo };
    const code = err?.Code ?? status?.Code ?? `HTTP_${res.status}`;
    const retryable = res.status >= 500 || res.status === 429 || RETRYABLE_PREFIXES.some((p) => code.startsWith(p));
    throw new SmsError(code, `腾讯云短信发送失败：${code} ${err?.Message ?? status?.Message ?? ''}`.trim(), retryable);
  }
}
