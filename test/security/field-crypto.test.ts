import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';

describe('SM4/SM3 field encryption', () => {
  it('uses real SM4: the GB/T 32907 test vector', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(key), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it.each(['sm4', 'aes-gcm'] as const)('round-trips with %s, never the same ciphertext twice', (cipher) => {
    const fc = new FieldCrypto({ ...TEST_KEYRING, cipher });
    const a = fc.encrypt('360731197805120015');
    expect(a).not.toContain('360731197805120015');
    expect(fc.encrypt('360731197805120015')).not.toBe(a);
    expect(fc.decrypt(a)).toBe('360731197805120015');
    expect(a.split(':').slice(0, 3)).toEqual(['enc1', cipher, 't2']);
  });

  it('detects tampering', () => {
    const fc = new FieldCrypto(TEST_KEYRING);
    const parts = fc.encrypt('13907971234').split(':');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => fc.decrypt(parts.join(':'))).toThrow(/校验失败/);
  });

  it('rotates keys: old ciphertexts stay readable and are flagged for re-encryption', () => {
    const old = new FieldCrypto({ ...TEST_KEYRING, activeKeyId: 't1' });
    const token = old.encrypt('于都县贡江镇长征村');
    const current = new FieldCrypto(TEST_KEYRING);
    expect(current.decrypt(token)).toBe('于都县贡江镇长征村');
    expect(current.needsRotation(token)).toBe(true);
    expect(current.needsRotation(current.encrypt('x'))).toBe(false);
    const withoutOld = new FieldCrypto({ ...TEST_KEYRING, keys: { t2: TEST_KEYRING.keys.t2! } });
    expect(() => withoutOld.decrypt(token)).toThrow(/未配置/);
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
