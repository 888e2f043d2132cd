/**
 * Encryption of personal data at rest (ID numbers, phones, addresses, accusers' names) with China's
 * commercial cryptography: SM4 in CTR mode with an HMAC-SM3 tag (encrypt-then-MAC; Node's OpenSSL
 * has SM4 and SM3 but no SM4-GCM), or AES-256-GCM where configured. Keys come from configuration,
 * each with an id, so they can be rotated: new writes use the active key, old ciphertexts name theirs.
 *
 * Each ciphertext is bound to its place (table, column, record) as associated data, so it does not
 * decrypt anywhere else (docs/decisions/019).
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

/** The bound format (docs/decisions/019): the tag covers the version, algorithm, key id and the value's place. */
const PREFIX = 'enc2';
/** The unbound format written before 2026-12: still read (no place to check) until rotated away. */
const LEGACY_PREFIX = 'enc1';

/**
 * Where a ciphertext lives: its table, column (for a JSON document, the path inside it, e.g.
 * `petitioners.0.phone`) and the record's key. It is authenticated with the ciphertext, so a value
 * copied to another record, column or table does not decrypt there.
 */
export interface Place { table: string; column: string; id: string }

const placeText = (p: Place): string => `${p.table}/${p.column}/${p.id}`;

/** The associated data: every part length-prefixed, so no two different places encode alike. */
function associatedData(version: string, alg: string, keyId: string, place: Place): Buffer {
  return Buffer.from(JSON.stringify([version, alg, keyId, place.table, place.column, place.id]), 'utf8');
}

/** A value that could not be decrypted: why, and where (never what). */
export interface DecryptFailure { code: 'CIPHERTEXT_INVALID' | 'CIPHERTEXT_TAMPERED' | 'KEY_UNKNOWN'; place: Place }

export class FieldCrypto {
  private readonly keys = new Map<string, Buffer>();
  private readonly activeKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(private readonly config: KeyringConfig) {
    for (const [id, b64] of Object.entries(config.keys)) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`bad key id ${id}`);
      const k = Buffer.from(b64, 'base64');
      if (k.length !== 32) throw new Error(`key ${id} must be 32 bytes (base64)`);
      this.keys.set(id, k);
    }
    const active = this.keys.get(config.activeKeyId);
    if (!active) throw new Error(`active key ${config.activeKeyId} is not configured`);
    this.activeKey = active;
    this.indexKey = Buffer.from(config.indexKey, 'base64');
    if (this.indexKey.length !== 32) throw new Error('index key must be 32 bytes (base64)');
    assertSmAlgorithms();
  }

  get activeKeyId(): string {
    return this.config.activeKeyId;
  }

  /**
   * Encrypt `plain` for one place. Whatever the text looks like — even like a ciphertext — it is
   * encrypted: there is no "already encrypted" shortcut.
   */
  encrypt(plain: string, place: Place): string {
    const id = this.config.activeKeyId;
    const key = this.activeKey;
    const data = Buffer.from(plain, 'utf8');
    if (this.config.cipher === 'aes-gcm') {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(associatedData(PREFIX, 'aes-gcm', id, place));
      const ct = Buffer.concat([c.update(data), c.final()]);
      return [PREFIX, 'aes-gcm', id, iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join(':');
    }
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const tag = smTag(key, associatedData(PREFIX, 'sm4', id, place), iv, ct);
    return [PREFIX, 'sm4', id, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join(':');
  }

  /**
   * Decrypt a value read from `place`. An `enc2` value written for another place is refused
   * (CIPHERTEXT_TAMPERED, as a modified one); a legacy `enc1` value is read without a place check
   * until `npm run keys:rotate` rewrites it (needsRotation).
   */
  decrypt(token: string, place: Place): string {
    const parts = token.split(':');
    const version = parts[0];
    if (parts.length !== 6 || (version !== PREFIX && version !== LEGACY_PREFIX)) throw new DomainError('CIPHERTEXT_INVALID', '加密数据格式不正确');
    const [, alg, id, ivB, ctB, tagB] = parts as [string, string, string, string, string, string];
    const key = this.keys.get(id);
    if (!key) throw new DomainError('KEY_UNKNOWN', `密钥${id}未配置，无法解密`);
    const iv = Buffer.from(ivB, 'base64url');
    const ct = Buffer.from(ctB, 'base64url');
    const tag = Buffer.from(tagB, 'base64url');
    const aad = version === PREFIX ? associatedData(PREFIX, alg, id, place) : Buffer.from(id);
    try {
      if (alg === 'aes-gcm') {
        const d = createDecipheriv('aes-256-gcm', key, iv);
        d.setAAD(aad);
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      if (alg === 'sm4') {
        const expected = version === PREFIX ? smTag(key, aad, iv, ct) : legacySmTag(key, id, iv, ct);
        if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('tag');
        const d = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
    } catch {
      throw new DomainError('CIPHERTEXT_TAMPERED', '加密数据校验失败');
    }
    throw new DomainError('CIPHERTEXT_INVALID', '加密算法不受支持');
  }

  /**
   * Decrypt for display: a value that cannot be read gives `null` and is counted and logged
   * (decryption-failures.ts) instead of failing the whole answer. The caller shows UNREADABLE and
   * audits the failure.
   */
  tryDecrypt(token: string, place: Place): { ok: true; value: string } | { ok: false; failure: DecryptFailure } {
    try {
      return { ok: true, value: this.decrypt(token, place) };
    } catch (e) {
      const code = e instanceof DomainError && (e.code === 'KEY_UNKNOWN' || e.code === 'CIPHERTEXT_TAMPERED') ? e.code : 'CIPHERTEXT_INVALID';
      const failure: DecryptFailure = { code, place };
      noteDecryptFailure(failure);
      return { ok: false, failure };
    }
  }

  /** Whether a stored value must be rewritten: legacy format, an older key or another cipher. */
  needsRotation(token: string): boolean {
    const [version, alg, id] = token.split(':');
    return version !== PREFIX || id !== this.config.activeKeyId || alg !== this.config.cipher;
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

/** HMAC-SM3 over the associated data, the IV and the ciphertext, each length-prefixed. */
function smTag(key: Buffer, aad: Buffer, iv: Buffer, ct: Buffer): Buffer {
  const h = createHmac('sm3', key.subarray(16));
  for (const part of [aad, iv, ct]) h.update(u32(part.length)).update(part);
  return h.digest();
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

/** enc1's tag: the key id, IV and ciphertext, no place. Read only. */
function legacySmTag(key: Buffer, id: string, iv: Buffer, ct: Buffer): Buffer {
  return createHmac('sm3', key.subarray(16)).update(id).update(iv).update(ct).digest();
}

// ——— failures: counted for /metrics, logged without personal data ———

let decryptFailures = 0;
let warn: (line: string) => void = (line) => { console.warn(line); };

/** How many stored values failed to decrypt since the process started (a counter for /metrics). */
export function decryptFailureCount(): number {
  return decryptFailures;
}

/** Where the warning goes (the structured logger, once there is one); returns the previous sink. */
export function setDecryptFailureLogger(sink: (line: string) => void): (line: string) => void {
  const previous = warn;
  warn = sink;
  return previous;
}

function noteDecryptFailure(f: DecryptFailure): void {
  decryptFailures++;
  // The place names a table, a field and a record key: never the value, never personal data.
  warn(`[minsheng] WARN decrypt_failed code=${f.code} place=${placeText(f.place)}`);
}

/** What a view shows for a value that cannot be decrypted (one wording everywhere). */
export const UNREADABLE = '（无法解密）';

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
