import { describe, expect, it } from 'vitest';
import { aesCbcDecrypt, aesCbcEncrypt } from '../../../../src/core/pdf/crypt/aes.js';
import { rc4 } from '../../../../src/core/pdf/crypt/rc4.js';
import { objectKey } from '../../../../src/core/pdf/crypt/standard-keys.js';

describe('the ciphers of the standard security handler', () => {
  it('RC4 gives the published test vectors and undoes itself', () => {
    expect(rc4(Buffer.from('Key'), Buffer.from('Plaintext')).toString('hex')).toBe('bbf316e8d940af0ad3');
    expect(rc4(Buffer.from('Wiki'), Buffer.from('pedia')).toString('hex')).toBe('1021bf0420');
    const data = Buffer.from('BT /F1 12 Tf (secret) Tj ET');
    expect(rc4(Buffer.from('k'), rc4(Buffer.from('k'), data))).toEqual(data);
  });

  it('AES-CBC writes the IV first and pads; decryption refuses what AES cannot have written', () => {
    const key = Buffer.alloc(16, 7);
    const iv = Buffer.alloc(16, 9);
    const sealed = aesCbcEncrypt(key, iv, Buffer.from('sixteen bytes!!!'));
    expect(sealed.subarray(0, 16)).toEqual(iv);
    expect(sealed.length).toBe(48); // a whole block of padding after a whole block of data
    expect(aesCbcDecrypt(key, sealed)?.toString()).toBe('sixteen bytes!!!');
    expect(aesCbcDecrypt(Buffer.alloc(32, 1), aesCbcEncrypt(Buffer.alloc(32, 1), iv, Buffer.alloc(0)))?.length).toBe(0);
    expect(aesCbcDecrypt(key, sealed.subarray(0, 40))).toBeUndefined();
    expect(aesCbcDecrypt(key, sealed.subarray(0, 16))).toBeUndefined();
    expect(aesCbcDecrypt(Buffer.alloc(16, 8), sealed)).toBeUndefined(); // another key: the padding does not check out
  });

  it('derives the object key of Algorithm 1: five bytes longer than the file key, at most 16, salted for AES', () => {
    const fileKey = Buffer.alloc(5, 1);
    expect(objectKey(fileKey, 12, 0, false)).toHaveLength(10);
    expect(objectKey(Buffer.alloc(16, 1), 12, 0, false)).toHaveLength(16);
    expect(objectKey(fileKey, 12, 0, false)).not.toEqual(objectKey(fileKey, 13, 0, false));
    expect(objectKey(fileKey, 12, 0, false)).not.toEqual(objectKey(fileKey, 12, 1, false));
    expect(objectKey(fileKey, 12, 0, true)).not.toEqual(objectKey(fileKey, 12, 0, false));
  });
});
