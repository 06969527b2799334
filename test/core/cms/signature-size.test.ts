import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCmsSignature } from '../../../src/core/cms/sign-cms.js';
import { estimateCmsSize, maxSignatureLength } from '../../../src/core/cms/signature-size.js';
import { DocsealError } from '../../../src/core/errors.js';
import type { DigestAlgorithm, KeySigner, SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import { makePdfLibDoc } from '../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor } from '../../helpers/signing-setup.js';
import { makeTempDir, removeDir, runOrThrow } from '../../helpers/tool-run.js';

const dir = makeTempDir('docseal-cms-size-');
afterAll(() => removeDir(dir));

const KEYS = {
  'RSA-2048': ['-newkey', 'rsa:2048'],
  'RSA-3072': ['-newkey', 'rsa:3072'],
  'P-256': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'P-384': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'P-521': ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'],
} as const;

/** A self-signed certificate made by the openssl CLI, with a long subject so lengths pass 127 and 255. */
function identityFor(label: keyof typeof KEYS): SigningIdentity {
  const keyPath = join(dir, `${label}.key`);
  const certPath = join(dir, `${label}.pem`);
  runOrThrow('openssl', ['req', '-x509', ...KEYS[label], '-nodes', '-sha256', '-days', '2', '-keyout', keyPath, '-out', certPath,
    '-subj', `/C=CN/O=Size Test/OU=${'x'.repeat(60)}/CN=${label}`]);
  const key = createPrivateKey(readFileSync(keyPath));
  const signer: KeySigner = {
    keyType: label.startsWith('RSA') ? 'rsa' : 'ec',
    sign: async (data: Buffer, digest: DigestAlgorithm) => sign(digest, data, key),
  };
  return { certificate: Buffer.from(new X509Certificate(readFileSync(certPath)).raw), chain: [], signer };
}

describe('the signature container size estimate', () => {
  it.each(Object.keys(KEYS) as (keyof typeof KEYS)[])('is never below the CMS a %s key yields, and at most two bytes above the longest seen', async (label) => {
    const identity = identityFor(label);
    const estimate = estimateCmsSize({ identity, digestAlgorithm: 'sha256' });
    const lengths: number[] = [];
    for (let i = 0; i < 8; i++) {
      lengths.push((await createCmsSignature({ contentDigest: randomBytes(32), digestAlgorithm: 'sha256', identity })).length);
    }
    expect(Math.max(...lengths)).toBeLessThanOrEqual(estimate);
    // An ECDSA integer is a byte shorter when its top bit is clear; among eight signatures at least one
    // has a full-length r or s.
    expect(estimate - Math.max(...lengths)).toBeLessThanOrEqual(label.startsWith('RSA') ? 0 : 2);
  });

  it('grows with the chain and with room asked for unsigned attributes', async () => {
    const { departments } = await signingKit();
    const identity = departments.get('demo')!.identity;
    const alone = estimateCmsSize({ identity: { ...identity, chain: [] }, digestAlgorithm: 'sha256' });
    const withChain = estimateCmsSize({ identity, digestAlgorithm: 'sha256' });
    expect(withChain - alone).toBe(identity.chain.reduce((n, c) => n + c.length, 0));
    expect(estimateCmsSize({ identity, digestAlgorithm: 'sha256', unsignedAttributesBytes: 6000 })).toBe(withChain + 6000);
  });

  it('knows the longest signature of each key kind', () => {
    expect(maxSignatureLength(identityFor('RSA-2048').certificate)).toBe(256);
    expect(maxSignatureLength(identityFor('P-256').certificate)).toBe(72);
    expect(maxSignatureLength(identityFor('P-521').certificate)).toBe(139);
  });
});

/** The /Contents gap as the signed file reserves it, in bytes of DER. */
function reservedBytes(byteRange: readonly number[]): number {
  return (byteRange[2]! - byteRange[1]! - 2) / 2;
}

describe('signing when the estimate is too small', () => {
  it('reserves the estimate and 1 KiB of spare room when the key behaves', async () => {
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo-ec', await makePdfLibDoc(), 'SIZE-1'));
    expect(reservedBytes(r.byteRange)).toBe(estimateCmsSize({ identity: k.departments.get('demo-ec')!.identity, digestAlgorithm: 'sha256' }) + 1024);
  });

  it('retries once with room to spare when the key returns a longer signature than its certificate implies', async () => {
    const k = await signingKit();
    const real = k.departments.get('demo')!.identity;
    // A misconfigured backend: 2 KiB more than the department's 2048-bit certificate allows, beyond the spare room.
    let calls = 0;
    const identity: SigningIdentity = { ...real, signer: { keyType: 'rsa', sign: async () => (calls++, Buffer.alloc(256 + 2048, 1)) } };
    const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'SIZE-2', { identity }));
    expect(calls).toBe(2);
    expect(reservedBytes(r.byteRange)).toBeGreaterThanOrEqual(estimateCmsSize({ identity: real, digestAlgorithm: 'sha256' }) + 2048);
  });

  it('does not sign twice when the deviation fits the spare room', async () => {
    const k = await signingKit();
    const real = k.departments.get('demo')!.identity;
    // A 4096-bit key behind the 2048-bit certificate: 256 bytes more than estimated.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
    let calls = 0;
    const identity: SigningIdentity = { ...real, signer: { keyType: 'rsa', sign: async (data, digest) => (calls++, sign(digest, data, privateKey)) } };
    await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'SIZE-4', { identity }));
    expect(calls).toBe(1);
  });

  it('refuses with key_unavailable, not an internal error, when the retry is too small as well', async () => {
    const k = await signingKit();
    const real = k.departments.get('demo')!.identity;
    let calls = 0;
    const growing: KeySigner = { keyType: 'rsa', sign: async () => Buffer.alloc(4096 * ++calls) };
    const attempt = signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'SIZE-3', { identity: { ...real, signer: growing } }));
    await expect(attempt).rejects.toBeInstanceOf(DocsealError);
    await expect(attempt).rejects.toMatchObject({ code: 'key_unavailable' });
    expect(calls).toBe(2);
  });
});
