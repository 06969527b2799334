import { randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import {
  buildCertificate,
  keyIdentifier,
  signatureDigest,
  type CertificateSignatureAlgorithm,
} from '../core/pki/certificate-builder.js';
import { OID } from '../core/cms/oids.js';
import type { CertificateExtensions } from '../core/pki/x509-extensions.js';
import type { DistinguishedName } from '../core/pki/x509-name.js';

export type CertifiedKey = {
  readonly name: DistinguishedName;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly certificate: Buffer;
};

export type Issuance = {
  readonly subject: DistinguishedName;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  readonly now: Date;
  readonly years: number;
  readonly extensions: CertificateExtensions;
};

/** Keys that sign documents: no extendedKeyUsage (RFC 5280 §4.2.1.12: absent means any purpose). */
export const SIGNING_CERTIFICATE_EXTENSIONS: CertificateExtensions = {
  basicConstraints: { ca: false },
  keyUsage: ['digitalSignature', 'nonRepudiation'],
};

/** A time-stamping authority: one critical extended key usage, id-kp-timeStamping (RFC 3161 §2.3). */
export const TSA_CERTIFICATE_EXTENSIONS: CertificateExtensions = {
  basicConstraints: { ca: false },
  keyUsage: ['digitalSignature'],
  extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true },
};

/** The issuer's own strength decides the digest (NIST SP 800-57 matched strengths): P-384 signs with SHA-384. */
function signatureAlgorithmFor(key: KeyObject): CertificateSignatureAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'sha256WithRSAEncryption';
  if (key.asymmetricKeyType !== 'ec') throw new RangeError(`cannot issue certificates with a ${key.asymmetricKeyType} key`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1') return 'ecdsaWithSHA384';
  if (curve === 'secp521r1') return 'ecdsaWithSHA512';
  return 'ecdsaWithSHA256';
}

/** Issues a certificate signed by `issuer`, or self-signed when there is none. */
export function issue(request: Issuance, issuer: CertifiedKey | undefined): CertifiedKey {
  const spki = request.publicKey.export({ type: 'spki', format: 'der' });
  const signingKey = issuer?.privateKey ?? request.privateKey;
  const algorithm = signatureAlgorithmFor(signingKey);
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
    signatureAlgorithm: algorithm,
    sign: (tbs) => sign(signatureDigest(algorithm), tbs, { key: signingKey, dsaEncoding: 'der' }),
  });
  if (!new X509Certificate(certificate).verify(issuer?.publicKey ?? request.publicKey)) {
    throw new Error(`the new certificate for ${request.subject.at(-1)?.value} does not verify`);
  }
  return { name: request.subject, publicKey: request.publicKey, privateKey: request.privateKey, certificate };
}

export function toPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
