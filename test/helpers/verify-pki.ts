import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { nullValue, objectIdentifier, readChildren, readTlv, sequence, tlv, tlvBytes, unsignedInteger } from '../../src/core/cms/der.js';
import { buildCertificate, keyIdentifier, signatureDigest, type CertificateSignatureAlgorithm } from '../../src/core/pki/certificate-builder.js';
import type { CertificateExtensions } from '../../src/core/pki/x509-extensions.js';
import type { DistinguishedName } from '../../src/core/pki/x509-name.js';
import { issuerAndSerialOf } from '../../src/core/cms/certificate-fields.js';

/** Frozen time for the verifier tests. */
export const NOW = new Date('2026-11-27T03:20:05Z');
const DAY = 86_400_000;

export type KeyPair = { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
export type Issued = KeyPair & { readonly name: DistinguishedName; readonly cert: Buffer };

export type KeySpec = 'rsa2048' | 'p256' | 'p384' | 'rsa3072e3' | 'rsa1024';

export function newKey(spec: KeySpec): KeyPair {
  if (spec === 'p256') return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  if (spec === 'p384') return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  if (spec === 'rsa3072e3') return generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 3 });
  return generateKeyPairSync('rsa', { modulusLength: spec === 'rsa1024' ? 1024 : 2048 });
}

export function testName(cn: string): DistinguishedName {
  return [
    { type: 'C', value: 'CN' },
    { type: 'O', value: 'Verify Test PKI' },
    { type: 'CN', value: cn },
  ];
}

let serialCounter = 1;

export type IssueOptions = {
  readonly cn: string;
  readonly key: KeyPair;
  /** Self-signed when absent. */
  readonly issuer?: Issued;
  readonly extensions?: CertificateExtensions;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly signatureAlgorithm?: CertificateSignatureAlgorithm;
  readonly serialNumber?: Buffer;
};

function algorithmFor(key: KeyObject): CertificateSignatureAlgorithm {
  return key.asymmetricKeyType === 'ec' ? 'ecdsaWithSHA256' : 'sha256WithRSAEncryption';
}

export function issue(options: IssueOptions): Issued {
  const signingKey = options.issuer?.privateKey ?? options.key.privateKey;
  const algorithm = options.signatureAlgorithm ?? algorithmFor(signingKey);
  const name = testName(options.cn);
  const issuerSpki = (options.issuer?.publicKey ?? options.key.publicKey).export({ type: 'spki', format: 'der' });
  const cert = buildCertificate({
    subject: name,
    issuer: options.issuer?.name ?? name,
    subjectPublicKey: options.key.publicKey.export({ type: 'spki', format: 'der' }),
    serialNumber: options.serialNumber ?? Buffer.of(0x10, serialCounter++),
    notBefore: options.notBefore ?? new Date(NOW.getTime() - 365 * DAY),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 365 * DAY),
    extensions: { subjectKeyIdentifier: true, authorityKeyIdentifier: keyIdentifier(issuerSpki), ...options.extensions },
    signatureAlgorithm: algorithm,
    sign: (tbs) => sign(signatureDigest(algorithm), tbs, { key: signingKey, dsaEncoding: 'der' }),
  });
  return { ...options.key, name, cert };
}

export const CA_EXTENSIONS: CertificateExtensions = { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] };
export const SIGNER_EXTENSIONS: CertificateExtensions = {
  basicConstraints: { ca: false },
  keyUsage: ['digitalSignature', 'nonRepudiation'],
};

export type TestPki = { root: Issued; intermediate: Issued; signer: Issued };

/** Root → intermediate → signer, RSA-2048 throughout (the common government profile). */
export function makePki(signerKey: KeySpec = 'rsa2048'): TestPki {
  const root = issue({ cn: 'Test Root CA', key: newKey('rsa2048'), extensions: CA_EXTENSIONS });
  const intermediate = issue({
    cn: 'Test Issuing CA',
    key: newKey('rsa2048'),
    issuer: root,
    extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
  });
  const signer = issue({ cn: 'Test Signer', key: newKey(signerKey), issuer: intermediate, extensions: SIGNER_EXTENSIONS });
  return { root, intermediate, signer };
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'latin1'));
}

export type CrlOptions = {
  readonly issuer: Issued;
  /** Who signs; the issuer by default. */
  readonly signingKey?: KeyObject;
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly revoked?: readonly { readonly cert: Buffer; readonly date: Date }[];
};

/** A v2 CRL (RFC 5280 §5.1) signed with sha256WithRSAEncryption or ecdsa-with-SHA256. */
export function buildCrl(options: CrlOptions): Buffer {
  const key = options.signingKey ?? options.issuer.privateKey;
  const ec = key.asymmetricKeyType === 'ec';
  const algorithm = ec
    ? sequence(objectIdentifier('1.2.840.10045.4.3.2'))
    : sequence(objectIdentifier('1.2.840.113549.1.1.11'), nullValue());
  const entries = (options.revoked ?? []).map((r) => sequence(issuerAndSerialOf(r.cert).serialNumber, utcTime(r.date)));
  const tbs = sequence(
    unsignedInteger(1),
    algorithm,
    subjectOf(options.issuer.cert),
    utcTime(options.thisUpdate ?? new Date(NOW.getTime() - DAY)),
    utcTime(options.nextUpdate ?? new Date(NOW.getTime() + 7 * DAY)),
    ...(entries.length > 0 ? [sequence(...entries)] : []),
  );
  const signature = sign('sha256', tbs, { key, dsaEncoding: 'der' });
  return sequence(tbs, algorithm, tlv(0x03, Buffer.of(0), signature));
}

/** The subject Name of a certificate we built (issuer of the certificates it signs). */
export function subjectOf(cert: Buffer): Buffer {
  const outer = readTlv(cert, 0);
  const tbs = readTlv(cert, outer.valueStart, outer.end);
  const fields = readChildren(cert, tbs);
  return tlvBytes(cert, fields[5]!);
}
