/**
 * Where the encryption keys come from. Production: MINSHENG_KEYS="k2026a:<base64 32 bytes>,k2025:<…>",
 * MINSHENG_ACTIVE_KEY=k2026a, MINSHENG_INDEX_KEY=<base64 32 bytes>, MINSHENG_CIPHER=sm4|aes-gcm.
 * Without them (a demo or a developer's machine) a key file is created beside the embedded data,
 * readable by its owner only, and a warning says so.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FieldCrypto, newKey, type KeyringConfig } from '../security/field-crypto.js';
import type { Config } from './config.js';

/** The keyring the configuration names: the environment's keys, or (demo) the key file, created on first run. */
export function keyringFromConfig(keys: Config['keys'], warn: (m: string) => void = console.warn): KeyringConfig {
  if (keys.source === 'env') return { keys: { ...keys.keys }, activeKeyId: keys.activeKeyId, cipher: keys.cipher, indexKey: keys.indexKey };
  const file = keys.file;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const fresh: KeyringConfig = { keys: { k1: newKey() }, activeKeyId: 'k1', cipher: keys.cipher ?? 'sm4', indexKey: newKey() };
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
    warn(`[minsheng] 已生成本地密钥文件 ${file}（仅供演示/开发）；生产环境请通过 MINSHENG_KEYS 等环境变量配置密钥。`);
  }
  chmodSync(file, 0o600);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as KeyringConfig;
  return { ...stored, cipher: keys.cipher ?? stored.cipher };
}

export function fieldCryptoFromConfig(keys: Config['keys'], warn?: (m: string) => void): FieldCrypto {
  return new FieldCrypto(keyringFromConfig(keys, warn));
}

/** A fixed keyring for tests (never for real data). */
export const TEST_KEYRING: KeyringConfig = {
  keys: { t1: Buffer.alloc(32, 1).toString('base64'), t2: Buffer.alloc(32, 2).toString('base64') },
  activeKeyId: 't2',
  cipher: 'sm4',
  indexKey: Buffer.alloc(32, 9).toString('base64'),
};
