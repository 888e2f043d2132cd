/**
 * Where the encryption keys come from. Production: MINSHENG_KEYS="k2026a:<base64 32 bytes>,k2025:<…>",
 * MINSHENG_ACTIVE_KEY=k2026a, MINSHENG_INDEX_KEY=<base64 32 bytes>, MINSHENG_CIPHER=sm4|aes-gcm.
 * Without them (a demo or a developer's machine) a key file is created beside the embedded data,
 * readable by its owner only, and a warning says so.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FieldCrypto, newKey, type CipherName, type KeyringConfig } from '../security/field-crypto.js';

export function keyringFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (m: string) => void = console.warn): KeyringConfig {
  const cipher = (env.MINSHENG_CIPHER ?? 'sm4') as CipherName;
  if (cipher !== 'sm4' && cipher !== 'aes-gcm') throw new Error('MINSHENG_CIPHER must be sm4 or aes-gcm');
  if (env.MINSHENG_KEYS) {
    const keys = Object.fromEntries(env.MINSHENG_KEYS.split(',').map((pair) => {
      const i = pair.indexOf(':');
      return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
    }));
    const activeKeyId = env.MINSHENG_ACTIVE_KEY ?? Object.keys(keys)[0]!;
    if (!env.MINSHENG_INDEX_KEY) throw new Error('MINSHENG_INDEX_KEY is required with MINSHENG_KEYS');
    return { keys, activeKeyId, cipher, indexKey: env.MINSHENG_INDEX_KEY };
  }
  const file = env.MINSHENG_KEY_FILE ?? join(env.MINSHENG_DATA_DIR ?? './data', 'minsheng-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const fresh: KeyringConfig = { keys: { k1: newKey() }, activeKeyId: 'k1', cipher, indexKey: newKey() };
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
    warn(`[minsheng] 已生成本地密钥文件 ${file}（仅供演示/开发）；生产环境请通过 MINSHENG_KEYS 等环境变量配置密钥。`);
  }
  chmodSync(file, 0o600);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as KeyringConfig;
  return { ...stored, cipher: env.MINSHENG_CIPHER ? cipher : stored.cipher };
}

export function fieldCryptoFromEnv(env: NodeJS.ProcessEnv = process.env): FieldCrypto {
  return new FieldCrypto(keyringFromEnv(env));
}

/** A fixed keyring for tests (never for real data). */
export const TEST_KEYRING: KeyringConfig = {
  keys: { t1: Buffer.alloc(32, 1).toString('base64'), t2: Buffer.alloc(32, 2).toString('base64') },
  activeKeyId: 't2',
  cipher: 'sm4',
  indexKey: Buffer.alloc(32, 9).toString('base64'),
};
