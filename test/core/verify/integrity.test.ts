import { constants, createHash, publicEncrypt, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nullValue, objectIdentifier, octetString, sequence, tlv } from '../../../src/core/cms/der.js';
import { keyIdentifier } from '../../../src/core/pki/certificate-builder.js';
import { OID } from '../../../src/core/cms/oids.js';
import { checkIntegrity } from '../../../src/core/verify/checks/integrity.js';
import { readCmsFacts } from '../../../src/core/verify/cms-facts.js';
import type { Check } from '../../../src/core/verify/report.js';
import {
  algorithm,
  assembleCms,
  attribute,
  detachedData,
  digestAlgorithm,
  digestOf,
  implicitAttributes,
  issuerAndSerial,
  OIDS,
  pssAlgorithm,
  readCmsParts,
  rsaEncryption,
  rsaSignDigestInfo,
  signCms,
  signedSet,
  signingCertificateV2,
  signWith,
  standardAttributes,
  type CmsParts,
} from '../../helpers/cms-forge.js';
import { makeTempDir, removeDir, runOrThrow } from '../../helpers/tool-run.js';
import { issue, makePki, newKey, SIGNER_EXTENSIONS, type Issued, type TestPki } from '../../helpers/verify-pki.js';

const CONTENT = Buffer.from('%PDF-1.7 the two signed byte ranges');
type Hash = 'sha1' | 'md5' | 'sha256' | 'sha384' | 'sha512';

let pki: TestPki;
let chain: Buffer[];

beforeAll(() => {
  pki = makePki();
  chain = [pki.intermediate.cert, pki.root.cert];
});

function signer(key: Parameters<typeof issue>[0]['key'], extra: Partial<Parameters<typeof issue>[0]> = {}): Issued {
  return issue({ cn: 'Another Signer', key, issuer: pki.intermediate, extensions: SIGNER_EXTENSIONS, ...extra });
}

function verify(cms: Buffer, content: Buffer = CONTENT): { byId: Map<string, Check>; signer?: Buffer } {
  const { facts, check } = readCmsFacts(cms);
  if (!facts) throw new Error(`unreadable CMS: ${check?.code}`);
  const result = checkIntegrity({ facts, rangeDigest: digestOf(content) });
  expect(result.checks.map((c) => c.id)).toEqual(['integrity.digest', 'integrity.signature', 'integrity.signing-certificate']);
  return { byId: new Map(result.checks.map((c) => [c.id, c])), signer: result.signer };
}

function codes(cms: Buffer, content: Buffer = CONTENT): [string, string, string] {
  const { byId } = verify(cms, content);
  return [byId.get('integrity.digest')!.code, byId.get('integrity.signature')!.code, byId.get('integrity.signing-certificate')!.code];
}

const VALID: [string, string, string] = ['message_digest_matches', 'signature_valid', 'signing_certificate_matches'];

type Forge = {
  who?: Issued;
  hash?: Hash;
  attributes?: Buffer[];
  sortAttributes?: boolean;
  signatureAlgorithm?: Buffer;
  sign?: (set: Buffer, implicit: Buffer) => Buffer;
  sid?: Buffer;
  certificates?: Buffer[];
};

/** A CMS built piece by piece, signed with the signer's real key unless `sign` says otherwise. */
function forge(options: Forge = {}): Buffer {
  const who = options.who ?? pki.signer;
  const hash = options.hash ?? 'sha256';
  const digest = createHash(hash).update(CONTENT).digest();
  const list = options.attributes ?? standardAttributes({ digest, signerCert: who.cert });
  const signedAttrs = implicitAttributes(list, options.sortAttributes ?? true);
  const set = signedSet(signedAttrs);
  const parts: CmsParts = {
    digestAlgorithm: hash === 'md5' ? algorithm('1.2.840.113549.2.5') : digestAlgorithm(hash),
    sid: options.sid ?? issuerAndSerial(who.cert),
    signedAttrs,
    signatureAlgorithm: options.signatureAlgorithm ?? rsaEncryption(),
    signature: options.sign ? options.sign(set, signedAttrs) : signWith(who.privateKey, hash, set),
    certificates: options.certificates ?? [who.cert, ...chain],
    encapContentInfo: detachedData(),
  };
  return assembleCms(parts);
}

function digestFor(hash: Hash): Buffer {
  return createHash(hash).update(CONTENT).digest();
}

describe('checkIntegrity accepts legitimate signatures', () => {
  it.each(['sha256', 'sha384', 'sha512'] as const)('RSA PKCS#1 v1.5 with %s from our own signer', async (hash) => {
    const cms = await signCms(pki.signer, chain, CONTENT, hash);
    const { byId, signer } = verify(cms);
    expect([...byId.values()].map((c) => c.code)).toEqual(VALID);
    expect(byId.get('integrity.signature')!.params).toEqual({ algorithm: `rsa-pkcs1-${hash}` });
    expect(signer).toEqual(pki.signer.cert);
  });

  it.each([
    ['p256', 'sha256'],
    ['p384', 'sha384'],
  ] as const)('ECDSA %s with %s', async (curve, hash) => {
    const who = signer(newKey(curve));
    expect(codes(await signCms(who, chain, CONTENT, hash))).toEqual(VALID);
  });

  it('RSASSA-PSS with its parameters', () => {
    const cms = forge({
      signatureAlgorithm: pssAlgorithm('sha256', 32),
      sign: (set) => sign('sha256', set, { key: pki.signer.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    });
    expect(codes(cms)).toEqual(VALID);
    const wrongSalt = forge({
      signatureAlgorithm: pssAlgorithm('sha256', 20),
      sign: (set) => sign('sha256', set, { key: pki.signer.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    });
    expect(codes(wrongSalt)[1]).toBe('signature_invalid');
  });

  it('a sha256WithRSAEncryption signature algorithm and a subjectKeyIdentifier sid', () => {
    const keyId = keyIdentifier(pki.signer.publicKey.export({ type: 'spki', format: 'der' }));
    const cms = forge({ sid: tlv(0x80, keyId), signatureAlgorithm: algorithm(OIDS.sha256WithRsa, nullValue()) });
    expect(codes(cms)).toEqual(VALID);
    expect(verify(cms).signer).toEqual(pki.signer.cert);
  });

  it.each([
    ['PKCS#1 v1.5', []],
    ['RSASSA-PSS', ['-keyopt', 'rsa_padding_mode:pss']],
  ])('an openssl cms -sign signature (%s), made without any docseal code', (_label, options) => {
    const dir = makeTempDir('docseal-integrity-');
    try {
      const path = (name: string) => join(dir, name);
      writeFileSync(path('signer.pem'), toPem(pki.signer.cert, 'CERTIFICATE'));
      writeFileSync(path('key.pem'), pki.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(path('content'), CONTENT);
      runOrThrow('openssl', ['cms', '-sign', '-binary', '-in', path('content'), '-signer', path('signer.pem'), '-inkey', path('key.pem'),
        '-md', 'sha256', ...options, '-outform', 'DER', '-out', path('cms.der')]);
      const cms = readFileSync(path('cms.der'));
      expect(codes(cms)).toEqual(['message_digest_matches', 'signature_valid', 'signing_certificate_absent']);
      expect(verify(cms, Buffer.from('other')).byId.get('integrity.digest')!.code).toBe('digest_mismatch');
    } finally {
      removeDir(dir);
    }
  });

  it('warns when neither ESS signing-certificate attribute is present', () => {
    const attributes = standardAttributes({ digest: digestFor('sha256'), signerCert: pki.signer.cert, signingCertificate: false });
    expect(codes(forge({ attributes }))).toEqual(['message_digest_matches', 'signature_valid', 'signing_certificate_absent']);
    expect(verify(forge({ attributes })).byId.get('integrity.signing-certificate')!.status).toBe('warning');
  });

  it('accepts ESS signing-certificate v1 (SHA-1 certHash)', () => {
    const v1 = attribute(OID.signingCertificate, sequence(sequence(sequence(octetString(createHash('sha1').update(pki.signer.cert).digest())))));
    const attributes = [...standardAttributes({ digest: digestFor('sha256'), signerCert: pki.signer.cert, signingCertificate: false }), v1];
    const { byId } = verify(forge({ attributes }));
    expect(byId.get('integrity.signing-certificate')).toEqual({
      id: 'integrity.signing-certificate',
      status: 'passed',
      code: 'signing_certificate_matches',
      params: { version: 1 },
    });
  });
});

/** Bleichenbacher 2006: with e=3, s = ceil(cbrt(prefix · 2^k)) makes s³ start with a chosen prefix. */
function cubeRootCeil(n: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 3) + 1);
  for (;;) {
    const y = (2n * x + n / (x * x)) / 3n;
    if (y >= x) break;
    x = y;
  }
  while (x ** 3n < n) x++;
  return x;
}

function forgeE3Signature(modulusBytes: number, data: Buffer): { signature: Buffer; prefix: Buffer } {
  const digestInfo = sequence(algorithm(OID_SHA256, nullValue()), octetString(createHash('sha256').update(data).digest()));
  const prefix = Buffer.concat([Buffer.of(0x00, 0x01, 0xff, 0x00), digestInfo]);
  const target = BigInt(`0x${prefix.toString('hex')}`) << BigInt(8 * (modulusBytes - prefix.length));
  const s = cubeRootCeil(target);
  return { signature: Buffer.from(s.toString(16).padStart(modulusBytes * 2, '0'), 'hex'), prefix };
}

const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

describe('checkIntegrity refuses CMS forgeries (docs/verifier-defences.md "CMS forgeries")', () => {
  it('message-digest not matching the signed byte ranges', async () => {
    const cms = await signCms(pki.signer, chain, CONTENT);
    expect(codes(cms, Buffer.from('%PDF-1.7 other bytes'))).toEqual(['digest_mismatch', 'signature_valid', 'signing_certificate_matches']);
  });

  it('content-type missing, wrong, or message-digest missing', () => {
    const digest = digestFor('sha256');
    expect(codes(forge({ attributes: standardAttributes({ digest, signerCert: pki.signer.cert, contentType: false }) }))[0]).toBe(
      'content_type_missing',
    );
    const wrongType = [
      ...standardAttributes({ digest, signerCert: pki.signer.cert, contentType: false }),
      attribute(OID.contentType, objectIdentifier('1.2.840.113549.1.9.16.1.4')),
    ];
    expect(codes(forge({ attributes: wrongType }))[0]).toBe('content_type_mismatch');
    const noDigest = standardAttributes({ digest, signerCert: pki.signer.cert }).slice(1);
    expect(codes(forge({ attributes: noDigest }))[0]).toBe('message_digest_missing');
  });

  it('a signature over the [0]-tagged bytes instead of the DER SET', () => {
    const cms = forge({ sign: (_set, implicit) => signWith(pki.signer.privateKey, 'sha256', implicit) });
    expect(codes(cms)).toEqual(['message_digest_matches', 'signature_invalid', 'signing_certificate_matches']);
  });

  it('a sid naming another certificate of the set, or one not in it', () => {
    expect(codes(forge({ sid: issuerAndSerial(pki.intermediate.cert) }))[1]).toBe('signature_invalid');
    const stranger = signer(newKey('p256'));
    const missing = codes(forge({ sid: issuerAndSerial(stranger.cert) }));
    expect(missing[1]).toBe('signer_certificate_missing');
    expect(verify(forge({ sid: issuerAndSerial(stranger.cert) })).signer).toBeUndefined();
  });

  it('two different certificates answering to the sid', () => {
    const twin = issue({ cn: 'Twin', key: newKey('p256'), issuer: pki.intermediate, serialNumber: Buffer.of(0x42) });
    const original = issue({ cn: 'Original', key: pki.signer, issuer: pki.intermediate, serialNumber: Buffer.of(0x42) });
    const cms = forge({ who: original, certificates: [twin.cert, original.cert, ...chain] });
    expect(codes(cms)[1]).toBe('signer_certificate_ambiguous');
  });

  it('an ESS certHash or issuerSerial naming another certificate', () => {
    const digest = digestFor('sha256');
    const base = standardAttributes({ digest, signerCert: pki.signer.cert, signingCertificate: false });
    const wrongHash = [...base, signingCertificateV2(pki.signer.cert, pki.intermediate.cert)];
    expect(codes(forge({ attributes: wrongHash }))).toEqual(['message_digest_matches', 'signature_valid', 'signing_certificate_mismatch']);
    const sameKey = issue({ cn: 'Same Key', key: pki.signer, issuer: pki.intermediate, extensions: SIGNER_EXTENSIONS });
    const wrongSerial = [...base, signingCertificateV2(sameKey.cert, pki.signer.cert)];
    expect(codes(forge({ attributes: wrongSerial }))[2]).toBe('signing_certificate_mismatch');
  });

  it('a signature algorithm naming another hash than digestAlgorithm', () => {
    const sha512 = forge({ signatureAlgorithm: algorithm(OIDS.sha512WithRsa, nullValue()), sign: (set) => signWith(pki.signer.privateKey, 'sha512', set) });
    expect(codes(sha512)[1]).toBe('algorithm_mismatch');
    const pss = forge({
      signatureAlgorithm: pssAlgorithm('sha512', 64),
      sign: (set) => sign('sha512', set, { key: pki.signer.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }),
    });
    expect(codes(pss)[1]).toBe('algorithm_mismatch');
    const sha1Rsa = forge({ signatureAlgorithm: algorithm(OIDS.sha1WithRsa, nullValue()) });
    expect(codes(sha1Rsa)[1]).toBe('algorithm_mismatch');
    const ecdsaOnRsa = forge({ signatureAlgorithm: algorithm(OIDS.ecdsaSha256) });
    expect(codes(ecdsaOnRsa)[1]).toBe('algorithm_mismatch');
  });

  it('a PKCS#1 block whose DigestInfo names SHA-1 while the signer says SHA-256', () => {
    const cms = forge({ sign: (set) => rsaSignDigestInfo(pki.signer.privateKey, 'sha1', set) });
    expect(codes(cms)[1]).toBe('signature_invalid');
    const control = forge({ sign: (set) => rsaSignDigestInfo(pki.signer.privateKey, 'sha256', set) });
    expect(codes(control)[1]).toBe('signature_valid');
  });

  it.each(['sha1', 'md5'] as const)('a %s digest algorithm', (hash) => {
    const attributes = standardAttributes({ digest: digestFor(hash), signerCert: pki.signer.cert });
    const cms = forge({ hash, attributes, sign: (set) => signWith(pki.signer.privateKey, hash, set) });
    expect(codes(cms).slice(0, 2)).toEqual(['weak_digest_algorithm', 'weak_digest_algorithm']);
  });

  it('an e=3 Bleichenbacher forgery: correct prefix, garbage after the digest', () => {
    const e3 = signer(newKey('rsa3072e3'));
    expect(codes(forge({ who: e3 }))).toEqual(VALID);
    const { signature, prefix } = forgeE3Signature(384, signedSet(implicitAttributes(standardAttributes({ digest: digestFor('sha256'), signerCert: e3.cert }))));
    // The forgery is real: s³ mod n starts with 00 01 FF 00 DigestInfo, as a lax parser wants.
    const block = publicEncrypt({ key: e3.publicKey, padding: constants.RSA_NO_PADDING }, signature);
    expect(block.subarray(0, prefix.length)).toEqual(prefix);
    expect(codes(forge({ who: e3, sign: () => signature }))).toEqual(['message_digest_matches', 'signature_invalid', 'signing_certificate_matches']);
  });

  it('an RSA key under 2048 bits', () => {
    expect(codes(forge({ who: signer(newKey('rsa1024')) }))[1]).toBe('weak_key');
  });

  it('a corrupted signature value', () => {
    const cms = forge({
      sign: (set) => {
        const good = signWith(pki.signer.privateKey, 'sha256', set);
        good[good.length - 1]! ^= 1;
        return good;
      },
    });
    expect(codes(cms)[1]).toBe('signature_invalid');
  });

  it('no signed attributes (RFC 5652 allows it, PAdES does not)', async () => {
    const parts = readCmsParts(await signCms(pki.signer, chain, CONTENT));
    const cms = assembleCms({ ...parts, signedAttrs: undefined, signature: signWith(pki.signer.privateKey, 'sha256', CONTENT) });
    expect(codes(cms)).toEqual(['signed_attributes_missing', 'signed_attributes_missing', 'signed_attributes_missing']);
  });
});

function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
