import type { DigestAlgorithm, KeyType } from '../sign/key-signer.js';
import { digestAlgorithmIdentifier, signatureAlgorithmIdentifier } from './algorithm-identifiers.js';
import { issuerAndSerialOf } from './certificate-fields.js';
import { DerError, objectIdentifier, octetString, readTlv, sequence, setOf, tlv, unsignedInteger } from './der.js';
import { OID } from './oids.js';

export type SignedDataInput = {
  /** The DER SET OF Attribute that was signed (from buildSignedAttributes). */
  readonly signedAttributes: Buffer;
  readonly signature: Buffer;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly keyType: KeyType;
  /** DER of the signer certificate. */
  readonly signerCertificate: Buffer;
  /** DER of the issuing CAs, nearest first. */
  readonly chain: readonly Buffer[];
};

const SET = 0x31;
const CONTEXT_0 = 0xa0;

/**
 * RFC 5652 §5.3: signedAttrs [0] IMPLICIT SET OF Attribute. Only the identifier octet differs from the
 * SET that was signed, so the rest is copied byte for byte.
 */
function implicitSignedAttributes(signedAttributes: Buffer): Buffer {
  const set = readTlv(signedAttributes, 0);
  if (set.tag !== SET || set.end !== signedAttributes.length) {
    throw new DerError('signed attributes are not a single DER SET', 0);
  }
  return Buffer.concat([Buffer.of(CONTEXT_0), signedAttributes.subarray(1)]);
}

/**
 * RFC 5652 §5.3: version 1 because sid is an IssuerAndSerialNumber, whose issuer and serial are the
 * certificate's own bytes (a verifier matches them byte for byte).
 */
function signerInfo(input: SignedDataInput): Buffer {
  const { issuer, serialNumber } = issuerAndSerialOf(input.signerCertificate);
  return sequence(
    unsignedInteger(1),
    sequence(issuer, serialNumber),
    digestAlgorithmIdentifier(input.digestAlgorithm),
    implicitSignedAttributes(input.signedAttributes),
    signatureAlgorithmIdentifier(input.keyType, input.digestAlgorithm),
    octetString(input.signature),
  );
}

/**
 * ContentInfo { id-signedData, [0] EXPLICIT SignedData } for a detached signature (PAdES:
 * /SubFilter /ETSI.CAdES.detached, so encapContentInfo has no eContent). Version 1 (RFC 5652 §5.1):
 * id-data content, no attribute certificates, only version 1 SignerInfos.
 * The certificates keep the signer first and then the chain, nearest CA first, in the order many
 * validators try them, rather than the DER SET OF order: RFC 5652 requires DER only for the signed
 * attributes, and the set is not covered by the signature.
 */
export function buildSignedData(input: SignedDataInput): Buffer {
  const signedData = sequence(
    unsignedInteger(1),
    setOf([digestAlgorithmIdentifier(input.digestAlgorithm)]),
    sequence(objectIdentifier(OID.data)),
    tlv(CONTEXT_0, input.signerCertificate, ...input.chain),
    setOf([signerInfo(input)]),
  );
  return sequence(objectIdentifier(OID.signedData), tlv(CONTEXT_0, signedData));
}
