/** Portal configuration from the environment: demo verification codes and rate limits. */
import { describe, expect, it } from 'vitest';
import { demoCodesFromEnv } from '../../src/app/portal-session.js';
import { rateLimitsFromEnv } from '../../src/app/portal-service.js';

describe('portal configuration', () => {
  it('shows demo codes only without a real SMS provider, unless told otherwise', () => {
    expect(demoCodesFromEnv({})).toBe(true);
    expect(demoCodesFromEnv({ MINSHENG_SMS_PROVIDER: 'file' })).toBe(true);
    expect(demoCodesFromEnv({ MINSHENG_SMS_PROVIDER: 'aliyun' })).toBe(false);
    expect(demoCodesFromEnv({ MINSHENG_SMS_PROVIDER: 'tencent', MINSHENG_DEMO_SMS_CODES: '1' })).toBe(true);
    expect(demoCodesFromEnv({ MINSHENG_DEMO_SMS_CODES: '0' })).toBe(false);
  });
  it('reads per-minute rate limits, ignoring nonsense', () => {
    expect(rateLimitsFromEnv({})).toEqual({});
    expect(rateLimitsFromEnv({ MINSHENG_RATE_LIMIT_READS: '600', MINSHENG_RATE_LIMIT_FOLLOW: '-1', MINSHENG_RATE_LIMIT_WRITES: 'x' })).toEqual({ reads: 600 });
  });
});
