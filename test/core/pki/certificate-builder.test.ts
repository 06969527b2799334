import { createHash, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildCertificate,
  keyIdentifier,
  signatureDigest,
  type CertificateSignatureAlgorithm,
  type CertificateTemplate,
} from '../../../src/core/pki/certificate-builder.js';
import { encodeKeyUsage } from '../../../src/core/pki/x509-extensions.js';
import type { DistinguishedName } from '../../../src/core/pki/x509-name.js';

const caKeys = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const leafKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const caName: DistinguishedName = [
  { type: 'C', value: 'CN' },
  { type: 'O', value: 'Builder Test' },
  { type: 'CN', value: 'Builder Test CA' },
];
const leafName: DistinguishedName = [
  { type: 'C', value: 'CN' },
  { type: 'O', value: '示范市民政局' },
  { type: 'CN', value: 'Leaf' },
];

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const signer = (key: KeyObject, algorithm: CertificateSignatureAlgorithm) => (tbs: Buffer) =>
  sign(signatureDigest(algorithm), tbs, key);

function template(overrides: Partial<CertificateTemplate>): CertificateTemplate {
  return {
    subject: caName,
    issuer: caName,
    subjectPublicKey: spki(caKeys.publicKey),
    serialNumber: Buffer.from('01', 'hex'),
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2045-01-01T00:00:00Z'),
    extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'], subjectKeyIdentifier: true },
    signatureAlgorithm: 'ecdsaWithSHA384',
    sign: signer(caKeys.privateKey, 'ecdsaWithSHA384'),
    ...overrides,
  };
}

const opensslText = (der: Buffer) =>
  execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], { input: der }).toString();

const caDer = buildCertificate(template({}));
const leafTemplate = template({
  subject: leafName,
  subjectPublicKey: spki(leafKeys.publicKey),
  serialNumber: Buffer.from('00ff01', 'hex'),
  notAfter: new Date('2055-06-30T12:00:00Z'),
  extensions: {
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    subjectKeyIdentifier: true,
    authorityKeyIdentifier: keyIdentifier(spki(caKeys.publicKey)),
  },
});
const leafDer = buildCertificate(leafTemplate);

describe('buildCertificate', () => {
  it('makes a self-signed CA certificate with critical basic constraints and key usage', () => {
    const ca = new X509Certificate(caDer);
    expect(ca.verify(caKeys.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('C=CN\nO=Builder Test\nCN=Builder Test CA');
    const text = opensslText(caDer);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA384');
  });

  it('issues an RSA end-entity certificate under an ECDSA CA that node and openssl accept', () => {
    const leaf = new X509Certificate(leafDer);
    expect(leaf.checkIssued(new X509Certificate(caDer))).toBe(true);
    expect(leaf.verify(caKeys.publicKey)).toBe(true);
    expect(leaf.verify(leafKeys.publicKey)).toBe(false);
    expect(leaf.ca).toBe(false);
    expect(leaf.subject).toContain('O=示范市民政局');
    const text = opensslText(leafDer);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  });

  it('derives the key identifiers from the SHA-1 of the public key bits (RFC 5280 §4.2.1.2)', () => {
    const jwk = caKeys.publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
    const expected = createHash('sha1').update(point).digest();
    expect(keyIdentifier(spki(caKeys.publicKey))).toEqual(expected);
    const hex = [...expected].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
    expect(opensslText(caDer)).toMatch(new RegExp(`Subject Key Identifier:\\s+${hex}`));
    expect(opensslText(leafDer)).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${hex}`));
  });

  it('encodes a serial with its high bit set as a positive INTEGER, stripped of extra zeros', () => {
    expect(new X509Certificate(leafDer).serialNumber).toBe('FF01');
    expect(leafDer.includes(Buffer.from('020300ff01', 'hex'))).toBe(true);
    expect(() => buildCertificate(template({ serialNumber: Buffer.alloc(2) }))).toThrow(RangeError);
  });

  it('writes UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(leafDer.includes(Buffer.from('\x17\x0d250101000000Z', 'latin1'))).toBe(true);
    expect(leafDer.includes(Buffer.from('\x18\x0f20550630120000Z', 'latin1'))).toBe(true);
    expect(new Date(new X509Certificate(leafDer).validTo).toISOString()).toBe('2055-06-30T12:00:00.000Z');
  });

  it('signs with RSA and puts NULL parameters in the algorithm identifier', () => {
    const der = buildCertificate(
      template({
        subjectPublicKey: spki(leafKeys.publicKey),
        signatureAlgorithm: 'sha256WithRSAEncryption',
        sign: signer(leafKeys.privateKey, 'sha256WithRSAEncryption'),
      }),
    );
    expect(new X509Certificate(der).verify(leafKeys.publicKey)).toBe(true);
    expect(der.includes(Buffer.from('300d06092a864886f70d01010b0500', 'hex'))).toBe(true);
  });

  it('adds caller-encoded extensions, e.g. an unknown critical one', () => {
    const der = buildCertificate(
      template({ extensions: { extra: [{ oid: '1.2.3.4.5', critical: true, value: Buffer.from('0500', 'hex') }] } }),
    );
    expect(opensslText(der)).toMatch(/1\.2\.3\.4\.5: critical/);
  });

  it('produces a certificate that no longer verifies when one TBS byte changes', () => {
    const tampered = Buffer.from(caDer);
    const at = tampered.indexOf(Buffer.from('Builder Test CA'));
    tampered[at] = 'X'.charCodeAt(0);
    expect(new X509Certificate(tampered).verify(caKeys.publicKey)).toBe(false);
  });
});

describe('encodeKeyUsage', () => {
  it('drops trailing zero bits and counts the unused ones (X.690 §11.2.2)', () => {
    expect(encodeKeyUsage(['digitalSignature', 'nonRepudiation']).toString('hex')).toBe('030206c0');
    expect(encodeKeyUsage(['keyCertSign', 'cRLSign']).toString('hex')).toBe('03020106');
    expect(encodeKeyUsage(['digitalSignature', 'decipherOnly']).toString('hex')).toBe('0303078080');
  });
});
