import { DerError, type Tlv } from '../cms/der.js';

/**
 * What a CMS SignedData (RFC 5652 §5) in a signature's /Contents says, read but not yet judged: the
 * integrity and trust checks decide from these facts. Byte fields are copies of the exact encodings.
 */
export type AlgorithmFacts = {
  readonly oid: string;
  /** DER of the parameters, when present (NULL included). */
  readonly parameters: Buffer | undefined;
};

/** RFC 5652 §5.3 SignerIdentifier. */
export type SignerIdFacts =
  | { readonly kind: 'issuerAndSerialNumber'; readonly issuer: Buffer; readonly serialNumber: Buffer }
  | { readonly kind: 'subjectKeyIdentifier'; readonly keyIdentifier: Buffer };

/** RFC 5035 §4 ESSCertID / ESSCertIDv2; `issuer` holds the directoryName entries of GeneralNames. */
export type EssCertIdFacts = {
  readonly hashAlgorithm: string;
  readonly certHash: Buffer;
  readonly issuerSerial: { readonly directoryNames: readonly Buffer[]; readonly serialNumber: Buffer } | undefined;
};

export type SignedAttributesFacts = {
  /** The signedAttrs [0] IMPLICIT element exactly as found in SignerInfo. */
  readonly encoded: Buffer;
  readonly types: readonly string[];
  readonly contentType: string | undefined;
  readonly messageDigest: Buffer | undefined;
  /** ESS signing-certificate (v1, SHA-1 hashes; RFC 2634 §5.4). */
  readonly signingCertificate: readonly EssCertIdFacts[] | undefined;
  /** ESS signing-certificate-v2 (RFC 5035 §3). */
  readonly signingCertificateV2: readonly EssCertIdFacts[] | undefined;
  readonly hasSigningTime: boolean;
};

export type SignerInfoFacts = {
  readonly version: number;
  readonly sid: SignerIdFacts;
  readonly digestAlgorithm: AlgorithmFacts;
  readonly signedAttributes: SignedAttributesFacts | undefined;
  readonly signatureAlgorithm: AlgorithmFacts;
  readonly signature: Buffer;
  /** DER ContentInfo of the first id-aa-signatureTimeStampToken value (RFC 3161 Appendix A). */
  readonly timeStampToken: Buffer | undefined;
};

export type CmsFacts = {
  readonly digestAlgorithms: readonly string[];
  /** DER of each X.509 certificate in SignedData.certificates (other CertificateChoices are skipped). */
  readonly certificates: readonly Buffer[];
  /** DER of each CertificateList in SignedData.crls (other RevocationInfoChoices are skipped). */
  readonly crls: readonly Buffer[];
  readonly signerInfo: SignerInfoFacts;
  /** The eContent octets, only when the reader was told to expect an encapsulated type (a TimeStampToken). */
  readonly encapsulatedContent: Buffer | undefined;
};

/** A structure we refuse, with the stable code its failed check carries. */
export class CmsFactsError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CmsFactsError';
    this.code = code;
  }
}

export function expectTag(element: Tlv | undefined, tag: number, what: string): Tlv {
  if (element?.tag !== tag) throw new DerError(`${what} missing or mistagged`, element?.start ?? 0);
  return element;
}

export function copyOf(buf: Buffer, start: number, end: number): Buffer {
  return Buffer.from(buf.subarray(start, end));
}

/** The SET the signature covers: signedAttrs with its [0] identifier octet replaced (RFC 5652 §5.4). */
export function signedAttributesSet(attributes: SignedAttributesFacts): Buffer {
  return Buffer.concat([Buffer.of(0x31), attributes.encoded.subarray(1)]);
}
