/** The SMS adapter chosen by configuration: MINSHENG_SMS_PROVIDER=file (default) | aliyun | tencent. */
import { consoleLogger, type Logger, type SmsAdapter } from './adapter.js';
import { AliyunSmsAdapter } from './aliyun.js';
import { FileSmsAdapter } from './file.js';
import { TencentSmsAdapter } from './tencent.js';
import { configOrThrow, type Config, type Env } from '../../config/config.js';

/** The adapter the configuration names (src/config/config.ts has checked every variable it needs). */
export function smsAdapterFromConfig(sms: Config['sms'], logger: Logger = consoleLogger): SmsAdapter {
  if (sms.provider === 'aliyun' && sms.aliyun) return new AliyunSmsAdapter({ ...sms.aliyun, templates: { ...sms.aliyun.templates } });
  if (sms.provider === 'tencent' && sms.tencent) return new TencentSmsAdapter({ ...sms.tencent, templates: { ...sms.tencent.templates } });
  return new FileSmsAdapter(sms.file, logger);
}

/** The same from an environment given explicitly (its problems thrown, in Chinese and English). */
export function smsAdapterFromEnv(env: Env, logger: Logger = consoleLogger): SmsAdapter {
  return smsAdapterFromConfig(configOrThrow(env).sms, logger);
}
