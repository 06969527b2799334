import { X509Certificate } from 'node:crypto';
import type { DigestAlgorithm, SigningIdentity } from '../sign/key-signer.js';
import { buildSignedAttributes, DIGEST_LENGTHS } from './signed-attributes.js';
import { buildSignedData } from './signed-data.js';

export type CmsSizeInput = {
  readonly identity: SigningIdentity;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Room for unsigned attributes added after signing (a signature timestamp token). */
  readonly unsignedAttributesBytes?: number;
};

/**
 * The length of the DER SignedData that createCmsSignature will produce for this identity: the same
 * structure built with a zero digest and a zero signature of the longest length the signer's public
 * key allows. Every other part (certificates, signed attributes, identifiers) has the same length as
 * in the real signature, so the figure is exact for RSA and an upper bound for ECDSA, whose DER
 * integers may be a byte shorter.
 */
export function estimateCmsSize(input: CmsSizeInput): number {
  const { identity, digestAlgorithm } = input;
  const known = estimates.get(identity)?.get(digestAlgorithm);
  const base = known ?? measureCmsSize(identity, digestAlgorithm);
  if (known === undefined) estimates.set(identity, new Map(estimates.get(identity)).set(digestAlgorithm, base));
  return base + (input.unsignedAttributesBytes ?? 0);
}

/**
 * A department's identity lives as long as the service has it loaded, and its estimate never changes:
 * measured once per identity (parsing the certificate and building the structure take half a
 * millisecond, a tenth of a signing).
 */
const estimates = new WeakMap<SigningIdentity, ReadonlyMap<DigestAlgorithm, number>>();

function measureCmsSize(identity: SigningIdentity, digestAlgorithm: DigestAlgorithm): number {
  const signedAttributes = buildSignedAttributes({
    contentDigest: Buffer.alloc(DIGEST_LENGTHS[digestAlgorithm]),
    digestAlgorithm,
    signerCertificate: identity.certificate,
  });
  const cms = buildSignedData({
    signedAttributes,
    signature: Buffer.alloc(maxSignatureLength(identity.certificate)),
    digestAlgorithm,
    keyType: identity.signer.keyType,
    signerCertificate: identity.certificate,
    chain: identity.chain,
  });
  return cms.length;
}

/**
 * The longest signature value the certificate's key yields: an RSA signature is as long as the
 * modulus (RFC 8017 §8.2.1); an ECDSA one is the DER SEQUENCE of two INTEGERs r and s (RFC 5480 §2.2
 * via RFC 3279 §2.2.3), each below the group order, plus the zero byte DER puts before a first
 * byte with its top bit set (X.690 §8.3.2), which an order of 521 bits never has.
 */
export function maxSignatureLength(certificateDer: Buffer): number {
  const details = new X509Certificate(certificateDer).publicKey.asymmetricKeyDetails ?? {};
  if (details.modulusLength !== undefined) return Math.ceil(details.modulusLength / 8);
  const orderBits = CURVE_ORDER_BITS[details.namedCurve ?? ''];
  if (orderBits === undefined) throw new Error(`no signature size known for the certificate's key (${details.namedCurve ?? 'unknown type'})`);
  const integer = derLength(Math.floor(orderBits / 8) + 1);
  return derLength(2 * integer);
}

/** Tag, length octets and content for `contentBytes` of content (X.690 §8.1.3). */
function derLength(contentBytes: number): number {
  const lengthOctets = contentBytes < 0x80 ? 1 : contentBytes < 0x100 ? 2 : 3;
  return 1 + lengthOctets + contentBytes;
}

const CURVE_ORDER_BITS: Readonly<Record<string, number>> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
};
