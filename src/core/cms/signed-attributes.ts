import { createHash } from 'node:crypto';
import { DocsealError } from '../errors.js';
import type { DigestAlgorithm } from '../sign/key-signer.js';
import { digestAlgorithmIdentifier } from './algorithm-identifiers.js';
import { issuerAndSerialOf } from './certificate-fields.js';
import { objectIdentifier, octetString, sequence, setOf, tlv } from './der.js';
import { OID } from './oids.js';

export type SignedAttributesInput = {
  readonly contentDigest: Buffer;
  readonly digestAlgorithm: DigestAlgorithm;
  /** DER of the signer certificate. */
  readonly signerCertificate: Buffer;
};

export const DIGEST_LENGTHS: Readonly<Record<DigestAlgorithm, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** GeneralName directoryName [4]: EXPLICIT, because Name is a CHOICE (RFC 5280 Appendix A.2). */
const DIRECTORY_NAME_TAG = 0xa4;

/** Attribute ::= SEQUENCE { attrType, attrValues SET OF AttributeValue } (RFC 5652 §5.3). */
function attribute(type: string, value: Buffer): Buffer {
  return sequence(objectIdentifier(type), setOf([value]));
}

/**
 * RFC 5035 §3: SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2
 * { hashAlgorithm DEFAULT sha256, certHash, issuerSerial }. DER omits a value equal to its DEFAULT
 * (X.690 §11.5), so hashAlgorithm is present only for SHA-384/512. The hash binds the signer
 * certificate into the signature (EN 319 122-1 §5.2.2.3).
 */
export function signingCertificateV2(certificate: Buffer, digest: DigestAlgorithm): Buffer {
  const { issuer, serialNumber } = issuerAndSerialOf(certificate);
  const certHash = octetString(createHash(digest).update(certificate).digest());
  const issuerSerial = sequence(sequence(tlv(DIRECTORY_NAME_TAG, issuer)), serialNumber);
  const hashAlgorithm = digest === 'sha256' ? [] : [digestAlgorithmIdentifier(digest)];
  const essCertId = sequence(...hashAlgorithm, certHash, issuerSerial);
  return sequence(sequence(essCertId));
}

/**
 * The DER SET OF Attribute that the signature covers (RFC 5652 §5.4: the signature is over this SET,
 * not over the [0] IMPLICIT form embedded in SignerInfo). CAdES baseline (EN 319 122-1 §6.3) with
 * content-type, message-digest and signing-certificate-v2; no signing-time, since PAdES claims the
 * time in the signature dictionary's /M (EN 319 142-1 §5.2.3).
 */
export function buildSignedAttributes(input: SignedAttributesInput): Buffer {
  const { contentDigest, digestAlgorithm, signerCertificate } = input;
  if (contentDigest.length !== DIGEST_LENGTHS[digestAlgorithm]) {
    throw new DocsealError('internal', 'The content digest does not match the digest algorithm.', {
      digestAlgorithm,
      length: contentDigest.length,
    });
  }
  return setOf([
    attribute(OID.contentType, objectIdentifier(OID.data)),
    attribute(OID.messageDigest, octetString(contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(signerCertificate, digestAlgorithm)),
  ]);
}
