/**
 * Encryption of personal data at rest (ID numbers, phones, addresses, accusers' names) with China's
 * commercial cryptography: SM4 in CTR mode with an HMAC-SM3 tag (encrypt-then-MAC; Node's OpenSSL
 * has SM4 and SM3 but no SM4-GCM), or AES-256-GCM where configured. Keys come from configuration,
 * each with an id, so they can be rotated: new writes use the active key, old ciphertexts name theirs.
 *
 * Lookup by exact value uses a keyed SM3 blind index (HMAC-SM3 under a separate index key), so the
 * database never holds the value in clear and equal values can still be found.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';

export type CipherName = 'sm4' | 'aes-gcm';

export interface KeyringConfig {
  /** Key id → 32 random bytes (base64). SM4 uses the first 16 bytes for encryption, the rest for the MAC. */
  keys: Record<string, string>;
  activeKeyId: string;
  cipher: CipherName;
  /** 32 random bytes (base64) for blind indexes; rotating it means re-indexing. */
  indexKey: string;
}

const PREFIX = 'enc1';

export class FieldCrypto {
  private readonly keys = new Map<string, Buffer>();
  private readonly indexKey: Buffer;

  constructor(private readonly config: KeyringConfig) {
    for (const [id, b64] of Object.entries(config.keys)) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`bad key id ${id}`);
      const k = Buffer.from(b64, 'base64');
      if (k.length !== 32) throw new Error(`key ${id} must be 32 bytes (base64)`);
      this.keys.set(id, k);
    }
    if (!this.keys.has(config.activeKeyId)) throw new Error(`active key ${config.activeKeyId} is not configured`);
    this.indexKey = Buffer.from(config.indexKey, 'base64');
    if (this.indexKey.length !== 32) throw new Error('index key must be 32 bytes (base64)');
    assertSmAlgorithms();
  }

  get activeKeyId(): string {
    return this.config.activeKeyId;
  }

  static isCiphertext(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
  }

  encrypt(plain: string): string {
    const id = this.config.activeKeyId;
    const key = this.keys.get(id)!;
    const data = Buffer.from(plain, 'utf8');
    if (this.config.cipher === 'aes-gcm') {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(id));
      const ct = Buffer.concat([c.update(data), c.final()]);
      return [PREFIX, 'aes-gcm', id, iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join(':');
    }
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const tag = smTag(key, id, iv, ct);
    return [PREFIX, 'sm4', id, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join(':');
  }

  decrypt(token: string): string {
    const parts = token.split(':');
    if (parts.length !== 6 || parts[0] !== PREFIX) throw new DomainError('CIPHERTEXT_INVALID', '加密数据格式不正确');
    const [, alg, id, ivB, ctB, tagB] = parts as [string, string, string, string, string, string];
    const key = this.keys.get(id);
    if (!key) throw new DomainError('KEY_UNKNOWN', `密钥${id}未配置，无法解密`);
    const iv = Buffer.from(ivB, 'base64url');
    const ct = Buffer.from(ctB, 'base64url');
    const tag = Buffer.from(tagB, 'base64url');
    try {
      if (alg === 'aes-gcm') {
        const d = createDecipheriv('aes-256-gcm', key, iv);
        d.setAAD(Buffer.from(id));
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      if (alg === 'sm4') {
        const expected = smTag(key, id, iv, ct);
        if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('tag');
        const d = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
    } catch {
      throw new DomainError('CIPHERTEXT_TAMPERED', '加密数据校验失败');
    }
    throw new DomainError('CIPHERTEXT_INVALID', '加密算法不受支持');
  }

  /** Whether a ciphertext was written under an older key (for rotation). */
  needsRotation(token: string): boolean {
    return token.split(':')[2] !== this.config.activeKeyId || token.split(':')[1] !== this.config.cipher;
  }

  /** Keyed SM3 of arbitrary text (e.g. a request fingerprint that must not expose what it covers). */
  mac(text: string): string {
    return createHmac('sm3', this.indexKey).update(`mac:${text}`).digest('hex');
  }

  /** Keyed SM3 of a normalised value: same value, same index; nothing recoverable without the key. */
  blindIndex(kind: 'id' | 'phone' | 'name', value: string): string {
    return createHmac('sm3', this.indexKey).update(`${kind}:${normalise(kind, value)}`).digest('hex');
  }
}

function smTag(key: Buffer, id: string, iv: Buffer, ct: Buffer): Buffer {
  return createHmac('sm3', key.subarray(16)).update(id).update(iv).update(ct).digest();
}

export function normalise(kind: 'id' | 'phone' | 'name', value: string): string {
  if (kind === 'id') return value.trim().toUpperCase();
  if (kind === 'phone') return value.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return value.trim();
}

/** SM3("abc") from GB/T 32905; refuses to run on a Node build without SM3/SM4. */
function assertSmAlgorithms(): void {
  const v = createHash('sm3').update('abc').digest('hex');
  if (v !== '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0') throw new Error('SM3 self-test failed');
}

export function newKey(): string {
  return randomBytes(32).toString('base64');
}
