import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NodeCryptoSigner } from '../../src/keys/node-crypto-signer.js';

describe('NodeCryptoSigner', () => {
  it('signs with ECDSA P-384 as a DER (r, s) that verifies under SHA-384', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const signer = new NodeCryptoSigner(privateKey);
    expect([signer.keyType, signer.curve]).toEqual(['ec', 'secp384r1']);
    const data = Buffer.from('attributes');
    const signature = await signer.sign(data, 'sha384');
    expect(signature[0]).toBe(0x30);
    expect(verify('sha384', data, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
  });

  it('refuses a public key and key types CMS signing here does not support', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(() => new NodeCryptoSigner(ed.publicKey)).toThrow(expect.objectContaining({ code: 'key_unavailable' }));
    expect(() => new NodeCryptoSigner(ed.privateKey)).toThrow(/unsupported key type ed25519/);
  });
});
