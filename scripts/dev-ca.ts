import { generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import {
  buildCertificate,
  keyIdentifier,
  signatureDigest,
  type CertificateSignatureAlgorithm,
} from '../src/core/pki/certificate-builder.js';
import type { CertificateExtensions } from '../src/core/pki/x509-extensions.js';
import type { DistinguishedName } from '../src/core/pki/x509-name.js';

/**
 * The development CAs: ECDSA P-384 keys signing with SHA-384 (matched strengths, NIST SP 800-57),
 * issuing certificates through the same builder the tests use for their own PKIs.
 */
const ORGANIZATION = 'Docseal Development';
const CA_ALGORITHM: CertificateSignatureAlgorithm = 'ecdsaWithSHA384';

export type CertifiedKey = {
  readonly name: DistinguishedName;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly certificate: Buffer;
};

type Issuance = {
  readonly subject: DistinguishedName;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly now: Date;
  readonly years: number;
  readonly extensions: CertificateExtensions;
};

export function devName(commonName: string): DistinguishedName {
  return [
    { type: 'C', value: 'CN' },
    { type: 'O', value: ORGANIZATION },
    { type: 'CN', value: commonName },
  ];
}

/** Issues a certificate signed by `issuer`, or self-signed when there is none. */
export function issue(request: Issuance, issuer: CertifiedKey | undefined): CertifiedKey {
  const spki = request.publicKey.export({ type: 'spki', format: 'der' });
  const signingKey = issuer?.privateKey ?? request.privateKey;
  // An hour of slack for verifiers whose clock runs behind ours.
  const notBefore = new Date(Math.floor(request.now.getTime() / 1000) * 1000 - 3_600_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + request.years);
  const certificate = buildCertificate({
    subject: request.subject,
    issuer: issuer?.name ?? request.subject,
    subjectPublicKey: spki,
    // RFC 5280 §4.1.2.2: positive, unique, at most 20 octets; 16 random octets with the top bit cleared.
    serialNumber: Buffer.from(randomBytes(16).map((byte, i) => (i === 0 ? byte & 0x7f : byte))),
    notBefore,
    notAfter,
    extensions: {
      ...request.extensions,
      subjectKeyIdentifier: true,
      authorityKeyIdentifier: issuer && keyIdentifier(issuer.publicKey.export({ type: 'spki', format: 'der' })),
    },
    signatureAlgorithm: CA_ALGORITHM,
    sign: (tbs) => sign(signatureDigest(CA_ALGORITHM), tbs, { key: signingKey, dsaEncoding: 'der' }),
  });
  if (!new X509Certificate(certificate).verify(issuer?.publicKey ?? request.publicKey)) {
    throw new Error(`the new certificate for ${request.subject.at(-1)?.value} does not verify`);
  }
  return { name: request.subject, publicKey: request.publicKey, privateKey: request.privateKey, certificate };
}

function newCaKeyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A 20-year self-signed root and a 10-year issuing CA under it that may only issue end-entity certificates. */
export function issueCas(now: Date): { root: CertifiedKey; issuing: CertifiedKey } {
  const root = issue(
    {
      subject: devName('Docseal Development Root CA'),
      ...newCaKeyPair(),
      now,
      years: 20,
      extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
    },
    undefined,
  );
  const issuing = issue(
    {
      subject: devName('Docseal Development Issuing CA'),
      ...newCaKeyPair(),
      now,
      years: 10,
      // pathLen 0: this CA issues end-entity certificates only (RFC 5280 §4.2.1.9).
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    },
    root,
  );
  return { root, issuing };
}
