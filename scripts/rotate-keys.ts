/** `npm run keys:rotate`: re-encrypt all personal data under MINSHENG_ACTIVE_KEY (see src/app/key-rotation.ts). */
import { fieldCryptoFromEnv } from '../src/config/keyring.js';
import { rotateKeys } from '../src/app/key-rotation.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';

const database = await openDatabase(databaseOptionsFromEnv());
try {
  const fc = fieldCryptoFromEnv();
  const r = await rotateKeys(database.db, fc);
  console.log(`已用密钥 ${fc.activeKeyId} 重新加密：案件 ${r.cases} 件，用户 ${r.users} 个`);
} finally {
  await database.close();
}
