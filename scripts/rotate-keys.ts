/** `npm run keys:rotate`: re-encrypt all personal data under MINSHENG_ACTIVE_KEY (see src/app/key-rotation.ts). */
import { configOrThrow } from '../src/config/config.js';
import { fieldCryptoFromConfig } from '../src/config/keyring.js';
import { rotateKeys } from '../src/app/key-rotation.js';
import { databaseOptions, openDatabase } from '../src/store/database.js';

const config = configOrThrow(process.env);
const database = await openDatabase(databaseOptions(config.database));
try {
  const fc = fieldCryptoFromConfig(config.keys);
  const r = await rotateKeys(database.db, fc);
  console.log(`已用密钥 ${fc.activeKeyId} 以绑定格式（enc2）重新加密：案件 ${r.cases} 件，用户 ${r.users} 个，其他 ${r.other} 项`);
  if (r.unreadable > 0) {
    console.log(`另有 ${r.unreadable} 项无法解密，保持原样（请核对密钥配置；详见告警日志中的 decrypt_failed）`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
