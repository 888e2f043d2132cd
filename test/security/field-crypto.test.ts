import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { decryptFailureCount, FieldCrypto, setDecryptFailureLogger, type Place } from '../../src/security/field-crypto.js';

const P: Place = { table: 'cases', column: 'content.petitioners.0.idNumber', id: 'case-1' };

describe('SM4/SM3 field encryption', () => {
  it('uses real SM4: the GB/T 32907 test vector', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(key), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it.each(['sm4', 'aes-gcm'] as const)('round-trips with %s, never the same ciphertext twice', (cipher) => {
    const fc = new FieldCrypto({ ...TEST_KEYRING, cipher });
    const a = fc.encrypt('360731197805120015', P);
    expect(a).not.toContain('360731197805120015');
    expect(fc.encrypt('360731197805120015', P)).not.toBe(a);
    expect(fc.decrypt(a, P)).toBe('360731197805120015');
    expect(a.split(':').slice(0, 3)).toEqual(['enc2', cipher, 't2']);
  });

  it('detects tampering', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    const parts = fc.encrypt('13907971234', P).split(':');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => fc.decrypt(parts.join(':'), P)).toThrow(/校验失败/);
  });

  it('rotates keys: old ciphertexts stay readable and are flagged for re-encryption', () => {
    const old = new FieldCrypto({ ...TEST_KEYRING, activeKeyId: 't1' });
    const token = old.encrypt('于都县贡江镇长征村', P);
    const current = new FieldCrypto(TEST_KEYRING);
    expect(current.decrypt(token, P)).toBe('于都县贡江镇长征村');
    expect(current.needsRotation(token)).toBe(true);
    expect(current.needsRotation(current.encrypt('x', P))).toBe(false);
    const withoutOld = new FieldCrypto({ ...TEST_KEYRING, keys: { t2: TEST_KEYRING.keys.t2! } });
    expect(() => withoutOld.decrypt(token, P)).toThrow(/未配置/);
  });

  it('blind index: same person, same index, whatever the spelling; different key, different index', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    expect(fc.blindIndex('id', '36073119850101009x')).toBe(fc.blindIndex('id', ' 36073119850101009X'));
    expect(fc.blindIndex('phone', '139-0797-1234')).toBe(fc.blindIndex('phone', '+86 13907971234'));
    expect(fc.blindIndex('id', '360731197805120015')).toMatch(/^[0-9a-f]{64}$/);
    const other = new FieldCrypto({ ...TEST_KEYRING, indexKey: Buffer.alloc(32, 3).toString('base64') });
    expect(other.blindIndex('id', '360731197805120015')).not.toBe(fc.blindIndex('id', '360731197805120015'));
  });
});

/**
 * A value in the legacy `enc1` format, built here by hand from its definition (SM4-CTR under the
 * key's first 16 bytes, HMAC-SM3 under the other 16 over key id ‖ IV ‖ ciphertext), not by the code under test.
 */
function legacyEnc1(plain: string, keyId: string, keyB64: string): string {
  const key = Buffer.from(keyB64, 'base64');
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  const tag = createHmac('sm3', key.subarray(16)).update(keyId).update(iv).update(ct).digest();
  return ['enc1', 'sm4', keyId, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join(':');
}

describe('ciphertexts bound to their place (issue 10, finding 2)', () => {
  const elsewhere: [string, Place][] = [
    ['another record', { ...P, id: 'case-2' }],
    ['another column', { ...P, column: 'content.petitioners.0.phone' }],
    ['another petitioner', { ...P, column: 'content.petitioners.1.idNumber' }],
    ['another table', { table: 'users', column: 'content.petitioners.0.idNumber', id: 'case-1' }],
    // The parts are not simply concatenated: moving a "/" between them is another place.
    ['a place spelled alike', { table: 'cases/content.petitioners.0', column: 'idNumber', id: 'case-1' }],
  ];

  it.each(['sm4', 'aes-gcm'] as const)('%s: a ciphertext copied to another place does not decrypt there', (cipher) => {
    const fc = new FieldCrypto({ ...TEST_KEYRING, cipher });
    const token = fc.encrypt('360731197805120015', P);
    for (const [what, place] of elsewhere) {
      expect(() => fc.decrypt(token, place), what).toThrow(expect.objectContaining({ code: 'CIPHERTEXT_TAMPERED' }));
    }
    expect(fc.decrypt(token, { ...P })).toBe('360731197805120015');
  });

  it('a bound ciphertext relabelled as the legacy format (to escape the place check) is refused', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    const downgraded = fc.encrypt('13907971234', P).replace(/^enc2:/, 'enc1:');
    expect(() => fc.decrypt(downgraded, P)).toThrow(expect.objectContaining({ code: 'CIPHERTEXT_TAMPERED' }));
  });

  it('text that looks like a ciphertext is encrypted like any other text and comes back as typed', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    for (const looksSealed of ['enc1:sm4:k1:AAAA:BBBB:CCCC', 'enc2:sm4:t2:AAAA:BBBB:CCCC', legacyEnc1('x', 't2', TEST_KEYRING.keys.t2!)]) {
      const token = fc.encrypt(looksSealed, P);
      expect(token).not.toBe(looksSealed);
      expect(token.startsWith('enc2:sm4:t2:')).toBe(true);
      expect(fc.decrypt(token, P)).toBe(looksSealed);
    }
  });

  it('a legacy enc1 value still reads (anywhere: it names no place) and is due for rotation', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    const legacy = legacyEnc1('于都县贡江镇长征村十三组', 't1', TEST_KEYRING.keys.t1!);
    expect(fc.decrypt(legacy, P)).toBe('于都县贡江镇长征村十三组');
    expect(fc.needsRotation(legacy)).toBe(true);
    // Under the active key too: the format alone makes it due.
    expect(fc.needsRotation(legacyEnc1('x', 't2', TEST_KEYRING.keys.t2!))).toBe(true);
  });

  it('tryDecrypt: a failure is counted and logged with its place, never its value', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    const lines: string[] = [];
    const previous = setDecryptFailureLogger((l) => lines.push(l));
    try {
      const before = decryptFailureCount();
      const token = fc.encrypt('13907971234', P);
      expect(fc.tryDecrypt(token, P)).toEqual({ ok: true, value: '13907971234' });
      const r = fc.tryDecrypt(token, { ...P, id: 'case-9' });
      expect(r).toEqual({ ok: false, failure: { code: 'CIPHERTEXT_TAMPERED', place: { ...P, id: 'case-9' } } });
      expect(fc.tryDecrypt('13907971234', P)).toMatchObject({ ok: false, failure: { code: 'CIPHERTEXT_INVALID' } });
      expect(decryptFailureCount() - before).toBe(2);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe('[minsheng] WARN decrypt_failed code=CIPHERTEXT_TAMPERED place=cases/content.petitioners.0.idNumber/case-9');
      expect(lines.join('\n')).not.toContain('13907971234');
    } finally {
      setDecryptFailureLogger(previous);
    }
  });
});
