import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { nameToAsn1, type DistinguishedName } from './x509-name.js';
import { extensionsToAsn1, listExtensions, type CertificateExtensions } from './x509-extensions.js';

const { asn1 } = forge;

export type CertificateSignatureAlgorithm =
  | 'sha256WithRSAEncryption'
  | 'sha384WithRSAEncryption'
  | 'sha512WithRSAEncryption'
  | 'ecdsaWithSHA256'
  | 'ecdsaWithSHA384'
  | 'ecdsaWithSHA512';

type Digest = 'sha256' | 'sha384' | 'sha512';

const SIGNATURE_ALGORITHMS: Record<CertificateSignatureAlgorithm, { oid: string; digest: Digest }> = {
  sha256WithRSAEncryption: { oid: '1.2.840.113549.1.1.11', digest: 'sha256' },
  sha384WithRSAEncryption: { oid: '1.2.840.113549.1.1.12', digest: 'sha384' },
  sha512WithRSAEncryption: { oid: '1.2.840.113549.1.1.13', digest: 'sha512' },
  ecdsaWithSHA256: { oid: '1.2.840.10045.4.3.2', digest: 'sha256' },
  ecdsaWithSHA384: { oid: '1.2.840.10045.4.3.3', digest: 'sha384' },
  ecdsaWithSHA512: { oid: '1.2.840.10045.4.3.4', digest: 'sha512' },
};

export type CertificateTemplate = {
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** DER SubjectPublicKeyInfo, as `publicKey.export({ type: 'spki', format: 'der' })` gives it. */
  readonly subjectPublicKey: Buffer;
  /** Big-endian magnitude of a positive serial (RFC 5280 §4.1.2.2: at most 20 octets). */
  readonly serialNumber: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: CertificateExtensions;
  readonly signatureAlgorithm: CertificateSignatureAlgorithm;
  /** Signs the DER TBSCertificate with the issuer's key: PKCS#1 v1.5, or ECDSA as a DER (r, s). */
  readonly sign: (tbs: Buffer) => Buffer;
};

type Asn1 = forge.asn1.Asn1;

const universal = (type: forge.asn1.Type, constructed: boolean, value: string | Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);

/** The digest a certificate signature algorithm hashes with, for the `sign` callback. */
export function signatureDigest(algorithm: CertificateSignatureAlgorithm): Digest {
  return SIGNATURE_ALGORITHMS[algorithm].digest;
}

function parseSpki(spki: Buffer): Asn1 {
  // The key stays an opaque BIT STRING: forge would otherwise try to parse RSA keys inside it.
  const options = { strict: true, parseAllBytes: true, decodeBitStrings: false };
  return asn1.fromDer(spki.toString('binary'), options as unknown as boolean);
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value, without the unused-bits octet. */
export function keyIdentifier(spki: Buffer): Buffer {
  const fields = parseSpki(spki).value as Asn1[];
  const bitString = fields[1]?.value;
  if (typeof bitString !== 'string') throw new RangeError('not a SubjectPublicKeyInfo');
  return createHash('sha1').update(Buffer.from(bitString.slice(1), 'binary')).digest();
}

function algorithmIdentifier(algorithm: CertificateSignatureAlgorithm): Asn1 {
  const fields = [universal(asn1.Type.OID, false, asn1.oidToDer(SIGNATURE_ALGORITHMS[algorithm].oid).getBytes())];
  // RFC 4055 §5: RSA algorithm identifiers carry NULL parameters; RFC 5758 §3.2: ECDSA ones carry none.
  if (algorithm.endsWith('RSAEncryption')) fields.push(universal(asn1.Type.NULL, false, ''));
  return universal(asn1.Type.SEQUENCE, true, fields);
}

function serialInteger(serial: Buffer): Asn1 {
  const firstNonZero = serial.findIndex((byte) => byte !== 0);
  if (firstNonZero < 0 || serial.length - firstNonZero > 20) {
    throw new RangeError('a serial number is positive and at most 20 octets');
  }
  const magnitude = serial.subarray(firstNonZero);
  // X.690 §8.3: a leading 0x00 keeps a high first bit from making the INTEGER negative.
  const content = magnitude[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), magnitude]) : magnitude;
  return universal(asn1.Type.INTEGER, false, content.toString('binary'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, whole seconds in UTC. */
function certificateTime(date: Date): Asn1 {
  if (date.getUTCFullYear() < 2050) return universal(asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date));
  return universal(asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

function tbsCertificate(template: CertificateTemplate): Asn1 {
  const subjectKeyId =
    template.extensions.subjectKeyIdentifier === true
      ? keyIdentifier(template.subjectPublicKey)
      : template.extensions.subjectKeyIdentifier;
  const extensions = listExtensions(template.extensions, subjectKeyId);
  const fields = [
    // version [0] EXPLICIT v3 (2): extensions require it (RFC 5280 §4.1.2.1).
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      universal(asn1.Type.INTEGER, false, asn1.integerToDer(2).getBytes()),
    ]),
    serialInteger(template.serialNumber),
    algorithmIdentifier(template.signatureAlgorithm),
    nameToAsn1(template.issuer),
    universal(asn1.Type.SEQUENCE, true, [certificateTime(template.notBefore), certificateTime(template.notAfter)]),
    nameToAsn1(template.subject),
    parseSpki(template.subjectPublicKey),
  ];
  if (extensions.length > 0) {
    fields.push(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 3, true, [extensionsToAsn1(extensions)]));
  }
  return universal(asn1.Type.SEQUENCE, true, fields);
}

/** Builds and signs an X.509 v3 certificate (RFC 5280 §4.1); returns its DER. */
export function buildCertificate(template: CertificateTemplate): Buffer {
  const tbs = tbsCertificate(template);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = template.sign(tbsDer);
  const certificate = universal(asn1.Type.SEQUENCE, true, [
    tbs,
    algorithmIdentifier(template.signatureAlgorithm),
    // BIT STRING with zero unused bits.
    universal(asn1.Type.BITSTRING, false, '\x00' + signature.toString('binary')),
  ]);
  return Buffer.from(asn1.toDer(certificate).getBytes(), 'binary');
}
