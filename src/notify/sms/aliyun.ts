/**
 * Alibaba Cloud SMS (Dysms) SendSms, RPC style, version 2017-05-25, signed with HMAC-SHA1:
 *   StringToSign = "POST&%2F&" + percentEncode(canonicalised query)
 *   canonicalised query = the parameters except Signature, sorted by name, percentEncode(name)=percentEncode(value) joined by &
 *   Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
 * percentEncode is RFC 3986 (UTF-8; unreserved A-Z a-z 0-9 - _ . ~ kept; space → %20, * → %2A).
 *
 * Idempotency: the delivery id is sent as OutId, which Alibaba echoes in delivery receipts and
 * QuerySendDetails. Alibaba does NOT de-duplicate by OutId: if the worker dies after Alibaba
 * accepted a message and before the row is marked sent, the retry sends a second SMS; the OutId
 * lets operators find and reconcile it. Our side never sends a row that is marked sent.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../app/clock.js';
import { fetchWithTimeout, SmsError, type SmsAdapter, type SmsMessage } from './adapter.js';

export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Template key → Alibaba TemplateCode (SMS_xxxxxxxx), each approved with the same {placeholders}. */
  templates: Record<string, string>;
  endpoint?: string;
  regionId?: string;
  timeoutMs?: number;
}

export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.entries(params).filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // as sort() orders keys
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

export function aliyunSignature(method: string, params: Record<string, string>, secret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(aliyunCanonicalQuery(params))}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Codes after which the same request can succeed later (flow control, provider faults). */
const RETRYABLE = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'isp.RAM_PERMISSION_DENY', 'Throttling.User', 'Throttling', 'ServiceUnavailable', 'InternalError', 'isv.AMOUNT_NOT_ENOUGH', 'SignatureNonceUsed']);

export class AliyunSmsAdapter implements SmsAdapter {
  readonly name = 'aliyun';
  /** @param clock real time (the session clock, src/app/clock.ts): the provider checks the request's timestamp. */
  constructor(private readonly cfg: AliyunSmsConfig, private readonly clock: Clock = systemClock) {}

  async send(msg: SmsMessage): Promise<{ providerMessageId: string }> {
    const templateCode = this.cfg.templates[msg.templateKey];
    if (!templateCode) throw new SmsError('TEMPLATE_NOT_CONFIGURED', `未配置阿里云短信模板：${msg.templateKey}`, false);
    const params: Record<string, string> = {
      AccessKeyId: this.cfg.accessKeyId, Action: 'SendSms', Format: 'JSON', RegionId: this.cfg.regionId ?? 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1', SignatureNonce: randomUUID(), SignatureVersion: '1.0',
      Timestamp: this.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25',
      PhoneNumbers: msg.phone, SignName: this.cfg.signName, TemplateCode: templateCode,
      TemplateParam: JSON.stringify(msg.params), OutId: msg.deliveryId,
    };
    params.Signature = aliyunSignature('POST', params, this.cfg.accessKeySecret);
    const body = Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    const res = await fetchWithTimeout(this.cfg.endpoint ?? 'https://dysmsapi.aliyuncs.com/', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'accept': 'application/json' }, body,
    }, this.cfg.timeoutMs ?? 10_000);
    let json: { Code?: string; Message?: string; BizId?: string; RequestId?: string } = {};
    try {
      json = (await res.json()) as typeof json;
    } catch { /* not JSON: judged by the status below */ }
    if (res.ok && json.Code === 'OK' && json.BizId) return { providerMessageId: json.BizId };
    const code = json.Code ?? `HTTP_${res.status}`;
    const retryable = res.status >= 500 || res.status === 429 || RETRYABLE.has(code) || code.startsWith('Throttling');
    throw new SmsError(code, `阿里云短信发送失败：${code} ${json.Message ?? ''}`.trim(), retryable);
  }
}
