import { constants, createHash, privateEncrypt, sign } from 'node:crypto';
import { issuerAndSerialOf } from '../../../src/core/cms/certificate-fields.js';
import { nullValue, objectIdentifier, octetString, sequence, setOf, tlv, unsignedInteger } from '../../../src/core/cms/der.js';
import { OID } from '../../../src/core/cms/oids.js';
import type { AttackSigner } from './attack-ca.js';
import { layoutOf } from './inspect.js';

/**
 * CMS SignedData built by hand with one property broken at a time (RFC 5652, RFC 5035), signed with a
 * real key so that only the broken property can make verification fail.
 */
export type Hash = 'sha256' | 'sha512' | 'sha1' | 'md5';

export type CmsForgery = {
  /** Hash of the ranges, the digest algorithm and the signature (default sha256). */
  readonly hash?: Hash;
  /** The message-digest attribute's value instead of the ranges' digest. */
  readonly messageDigest?: Buffer;
  readonly omitContentType?: boolean;
  /** The message-digest attribute written twice. */
  readonly duplicateAttribute?: boolean;
  /** ESSCertIDv2 certHash instead of the signer certificate's SHA-256. */
  readonly essHash?: Buffer;
  /** Sign the signedAttrs with their [0] IMPLICIT tag instead of the DER SET (RFC 5652 §5.4). */
  readonly signImplicit?: boolean;
  /** The certificate `sid` names (default the signer's). */
  readonly sidCertificate?: Buffer;
  /** The hash of the DigestInfo inside the RSA block, when it should differ from `hash`. */
  readonly rsaBlockHash?: Hash;
  /** Certificates added to SignedData.certificates. */
  readonly extraCertificates?: readonly Buffer[];
  /** SignerInfo.signatureAlgorithm OID (default rsaEncryption). */
  readonly signatureAlgorithm?: string;
};

const HASH_OIDS: Record<Hash, string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  md5: '1.2.840.113549.2.5',
};

const algorithm = (oid: string): Buffer => sequence(objectIdentifier(oid), nullValue());
const attribute = (type: string, value: Buffer): Buffer => sequence(objectIdentifier(type), setOf([value]));

function essV2(certificate: Buffer, certHash: Buffer): Buffer {
  const { issuer, serialNumber } = issuerAndSerialOf(certificate);
  return sequence(sequence(sequence(octetString(certHash), sequence(sequence(tlv(0xa4, issuer)), serialNumber))));
}

function signedAttributes(signer: AttackSigner, digest: Buffer, f: CmsForgery): Buffer {
  const md = attribute(OID.messageDigest, octetString(f.messageDigest ?? digest));
  const attrs = [md, attribute(OID.signingCertificateV2, essV2(signer.certificate, f.essHash ?? createHash('sha256').update(signer.certificate).digest()))];
  if (!f.omitContentType) attrs.push(attribute(OID.contentType, objectIdentifier(OID.data)));
  if (f.duplicateAttribute) attrs.push(md);
  return setOf(attrs);
}

/** RFC 8017 §9.2: DigestInfo in a PKCS#1 v1.5 block, with whatever hash the forgery names. */
function signBytes(signer: AttackSigner, data: Buffer, hash: Hash, blockHash: Hash | undefined): Buffer {
  if (!blockHash) return sign(hash, data, signer.key);
  const digestInfo = sequence(algorithm(HASH_OIDS[blockHash]), octetString(createHash(blockHash).update(data).digest()));
  return privateEncrypt({ key: signer.key, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
}

/** The DER ContentInfo of a detached SignedData over `rangeBytes`, broken as `f` says. */
export function forgedCms(signer: AttackSigner, rangeBytes: Buffer, f: CmsForgery = {}): Buffer {
  const hash = f.hash ?? 'sha256';
  const attrs = signedAttributes(signer, createHash(hash).update(rangeBytes).digest(), f);
  const implicit = Buffer.concat([Buffer.of(0xa0), attrs.subarray(1)]);
  const signature = signBytes(signer, f.signImplicit ? implicit : attrs, hash, f.rsaBlockHash);
  const sid = issuerAndSerialOf(f.sidCertificate ?? signer.certificate);
  const signerInfo = sequence(
    unsignedInteger(1),
    sequence(sid.issuer, sid.serialNumber),
    algorithm(HASH_OIDS[hash]),
    implicit,
    algorithm(f.signatureAlgorithm ?? OID.rsaEncryption),
    octetString(signature),
  );
  const signedData = sequence(
    unsignedInteger(1),
    setOf([algorithm(HASH_OIDS[hash])]),
    sequence(objectIdentifier(OID.data)),
    tlv(0xa0, signer.certificate, ...signer.identity.chain, ...(f.extraCertificates ?? [])),
    setOf([signerInfo]),
  );
  return sequence(objectIdentifier(OID.signedData), tlv(0xa0, signedData));
}

/** The bytes a signed file's (first) signature covers. */
export function signedRangeBytes(signed: Buffer): Buffer {
  const [a, b, c, d] = layoutOf(signed).byteRange as [number, number, number, number];
  return Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]);
}

/** Writes `contents` (zero-padded) into the /Contents gap of the file's signature, in place in a copy. */
export function replaceContents(signed: Buffer, contents: Buffer): Buffer {
  const [, b, c] = layoutOf(signed).byteRange as [number, number, number, number];
  const room = (c - b - 2) / 2;
  if (contents.length > room) throw new Error(`forged /Contents needs ${contents.length} bytes, the gap holds ${room}`);
  const out = Buffer.from(signed);
  out.write(Buffer.concat([contents, Buffer.alloc(room - contents.length)]).toString('hex'), b + 1, 'latin1');
  return out;
}
