/** The SMS adapter chosen by configuration: MINSHENG_SMS_PROVIDER=file (default) | aliyun | tencent. */
import { consoleLogger, type Logger, type SmsAdapter } from './adapter.js';
import { AliyunSmsAdapter } from './aliyun.js';
import { FileSmsAdapter, smsFilePath } from './file.js';
import { TencentSmsAdapter } from './tencent.js';

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`短信配置缺少环境变量 ${name}`);
  return v;
}

function templateMap(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  try {
    const m = JSON.parse(need(env, name)) as unknown;
    if (m && typeof m === 'object' && !Array.isArray(m) && Object.values(m).every((v) => typeof v === 'string')) return m as Record<string, string>;
  } catch { /* reported below */ }
  throw new Error(`${name} 应为 JSON 对象：{"registered":"模板ID", …}`);
}

export function smsAdapterFromEnv(env: NodeJS.ProcessEnv = process.env, logger: Logger = consoleLogger): SmsAdapter {
  const provider = env.MINSHENG_SMS_PROVIDER ?? 'file';
  if (provider === 'file') return new FileSmsAdapter(smsFilePath(env), logger);
  if (provider === 'aliyun') {
    return new AliyunSmsAdapter({
      accessKeyId: need(env, 'MINSHENG_ALIYUN_ACCESS_KEY_ID'), accessKeySecret: need(env, 'MINSHENG_ALIYUN_ACCESS_KEY_SECRET'),
      signName: need(env, 'MINSHENG_ALIYUN_SMS_SIGN_NAME'), templates: templateMap(env, 'MINSHENG_ALIYUN_SMS_TEMPLATES'),
      endpoint: env.MINSHENG_ALIYUN_SMS_ENDPOINT, regionId: env.MINSHENG_ALIYUN_REGION_ID,
    });
  }
  if (provider === 'tencent') {
    return new TencentSmsAdapter({
      secretId: need(env, 'MINSHENG_TENCENT_SECRET_ID'), secretKey: need(env, 'MINSHENG_TENCENT_SECRET_KEY'),
      sdkAppId: need(env, 'MINSHENG_TENCENT_SMS_APP_ID'), signName: need(env, 'MINSHENG_TENCENT_SMS_SIGN_NAME'),
      templates: templateMap(env, 'MINSHENG_TENCENT_SMS_TEMPLATES'), endpoint: env.MINSHENG_TENCENT_SMS_ENDPOINT, region: env.MINSHENG_TENCENT_SMS_REGION,
    });
  }
  throw new Error(`MINSHENG_SMS_PROVIDER 只能是 file、aliyun 或 tencent（当前：${provider}）`);
}
