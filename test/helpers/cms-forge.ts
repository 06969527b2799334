import { constants, createHash, privateEncrypt, sign, type KeyObject } from 'node:crypto';
import { issuerAndSerialOf } from '../../src/core/cms/certificate-fields.js';
import {
  nullValue,
  objectIdentifier,
  octetString,
  readChildren,
  readTlv,
  sequence,
  setOf,
  tlv,
  tlvBytes,
  unsignedInteger,
} from '../../src/core/cms/der.js';
import { DIGEST_OIDS, OID } from '../../src/core/cms/oids.js';
import { createCmsSignature } from '../../src/core/cms/sign-cms.js';

/**
 * DER-level pieces of a CMS SignedData (RFC 5652 §5), so a test can take a signature apart, change
 * one piece, and put it back together: the forgeries of docs/verifier-defences.md "CMS forgeries".
 */
export type CmsParts = {
  digestAlgorithm: Buffer;
  sid: Buffer;
  /** The [0] IMPLICIT element, 0xa0-tagged; undefined to omit signed attributes. */
  signedAttrs: Buffer | undefined;
  signatureAlgorithm: Buffer;
  signature: Buffer;
  unsignedAttrs?: Buffer;
  certificates: Buffer[];
  encapContentInfo: Buffer;
  extraSignerInfos?: Buffer[];
};

export const SHA1_OID = '1.3.14.3.2.26';
export const OIDS = {
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
} as const;

export function algorithm(oid: string, params?: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(params ? [params] : []));
}

export function rsaEncryption(): Buffer {
  return algorithm(OID.rsaEncryption, nullValue());
}

export function digestAlgorithm(hash: 'sha1' | 'sha256' | 'sha384' | 'sha512'): Buffer {
  return algorithm(hash === 'sha1' ? SHA1_OID : DIGEST_OIDS[hash]);
}

/** RFC 4055 §3.1 RSASSA-PSS-params with the same hash for MGF1. */
export function pssAlgorithm(hash: 'sha256' | 'sha384' | 'sha512', saltLength: number): Buffer {
  const hashId = digestAlgorithm(hash);
  return algorithm(
    OID.rsassaPss,
    sequence(tlv(0xa0, hashId), tlv(0xa1, algorithm(OID.mgf1, hashId)), tlv(0xa2, unsignedInteger(saltLength))),
  );
}

export function attribute(oid: string, ...values: Buffer[]): Buffer {
  return sequence(objectIdentifier(oid), tlv(0x31, ...values));
}

/** signedAttrs as SignerInfo embeds it: [0] IMPLICIT, in DER order unless told otherwise. */
export function implicitAttributes(attributes: readonly Buffer[], sorted = true): Buffer {
  const set = sorted ? setOf(attributes) : tlv(0x31, ...attributes);
  return Buffer.concat([Buffer.of(0xa0), set.subarray(1)]);
}

/** The bytes a signature covers (RFC 5652 §5.4): the [0] element re-tagged as a SET. */
export function signedSet(implicit: Buffer): Buffer {
  return Buffer.concat([Buffer.of(0x31), implicit.subarray(1)]);
}

export function issuerAndSerial(cert: Buffer): Buffer {
  const { issuer, serialNumber } = issuerAndSerialOf(cert);
  return sequence(issuer, serialNumber);
}

/** ESS signing-certificate-v2 naming `cert` (RFC 5035 §3), SHA-256 by default. */
export function signingCertificateV2(cert: Buffer, hashOf: Buffer = cert): Buffer {
  const { issuer, serialNumber } = issuerAndSerialOf(cert);
  const id = sequence(octetString(createHash('sha256').update(hashOf).digest()), sequence(sequence(tlv(0xa4, issuer)), serialNumber));
  return attribute(OID.signingCertificateV2, sequence(sequence(id)));
}

export type AttributeOptions = {
  readonly digest: Buffer;
  readonly signerCert: Buffer;
  readonly contentType?: boolean;
  readonly signingCertificate?: boolean;
};

/** content-type, message-digest and signing-certificate-v2, as our signer writes them. */
export function standardAttributes(options: AttributeOptions): Buffer[] {
  const list = [attribute(OID.messageDigest, octetString(options.digest))];
  if (options.contentType !== false) list.push(attribute(OID.contentType, objectIdentifier(OID.data)));
  if (options.signingCertificate !== false) list.push(signingCertificateV2(options.signerCert));
  return list;
}

export function signWith(key: KeyObject, hash: string, data: Buffer): Buffer {
  return sign(hash, data, { key, dsaEncoding: 'der', padding: key.asymmetricKeyType === 'rsa' ? constants.RSA_PKCS1_PADDING : undefined });
}

/** A raw RSA block 00 01 FF.. 00 DigestInfo(hash of data) built by hand, for DigestInfo games. */
export function rsaSignDigestInfo(key: KeyObject, hash: 'sha1' | 'sha256', data: Buffer): Buffer {
  const oid = hash === 'sha1' ? SHA1_OID : DIGEST_OIDS.sha256;
  const digestInfo = sequence(algorithm(oid, nullValue()), octetString(createHash(hash).update(data).digest()));
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
}

function signerInfo(parts: CmsParts): Buffer {
  const version = parts.sid[0] === 0x80 ? 3 : 1;
  return sequence(
    unsignedInteger(version),
    parts.sid,
    parts.digestAlgorithm,
    ...(parts.signedAttrs ? [parts.signedAttrs] : []),
    parts.signatureAlgorithm,
    octetString(parts.signature),
    ...(parts.unsignedAttrs ? [parts.unsignedAttrs] : []),
  );
}

export function assembleCms(parts: CmsParts): Buffer {
  const signedData = sequence(
    unsignedInteger(1),
    setOf([parts.digestAlgorithm]),
    parts.encapContentInfo,
    tlv(0xa0, ...parts.certificates),
    tlv(0x31, signerInfo(parts), ...(parts.extraSignerInfos ?? [])),
  );
  return sequence(objectIdentifier(OID.signedData), tlv(0xa0, signedData));
}

/** Takes apart a CMS built by createCmsSignature (certificates present, one SignerInfo). */
export function readCmsParts(cms: Buffer): CmsParts {
  const outer = readTlv(cms, 0);
  const [, explicit] = readChildren(cms, outer);
  const signedData = readTlv(cms, explicit!.valueStart, explicit!.end);
  const [, , encap, certs, infos] = readChildren(cms, signedData);
  const info = readChildren(cms, readChildren(cms, infos!)[0]!);
  const signature = info[5]!;
  return {
    sid: tlvBytes(cms, info[1]!),
    digestAlgorithm: tlvBytes(cms, info[2]!),
    signedAttrs: tlvBytes(cms, info[3]!),
    signatureAlgorithm: tlvBytes(cms, info[4]!),
    signature: cms.subarray(signature.valueStart, signature.end),
    certificates: readChildren(cms, certs!).map((cert) => tlvBytes(cms, cert)),
    encapContentInfo: tlvBytes(cms, encap!),
  };
}

export function detachedData(): Buffer {
  return sequence(objectIdentifier(OID.data));
}

/** A legitimate CMS by our own signer (createCmsSignature) over `content`. */
export async function signCms(
  signer: { readonly cert: Buffer; readonly privateKey: KeyObject },
  chain: readonly Buffer[],
  content: Buffer,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): Promise<Buffer> {
  const keyType = signer.privateKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  const der = await createCmsSignature({
    contentDigest: createHash(hash).update(content).digest(),
    digestAlgorithm: hash,
    identity: {
      certificate: signer.cert,
      chain,
      signer: { keyType, sign: async (data, digest) => signWith(signer.privateKey, digest, data) },
    },
  });
  return der;
}

/** The rangeDigest a verifier would compute over `content`. */
export function digestOf(content: Buffer): (alg: string) => Buffer {
  return (alg) => createHash(alg).update(content).digest();
}
