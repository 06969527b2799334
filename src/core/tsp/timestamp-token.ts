import { createHash } from 'node:crypto';
import { Attribute, CertificateChoices, CertificateSet, ContentInfo, DigestAlgorithmIdentifiers, EncapsulatedContent, EncapsulatedContentInfo, id_signedData, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo, SignerInfos } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Accuracy, id_ct_tstInfo, MessageImprint, TSTInfo } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Certificate, GeneralName } from '@peculiar/asn1-x509';
import { digestAlgorithmIdentifier, signatureAlgorithmIdentifier } from '../cms/algorithm-identifiers.js';
import { objectIdentifier, octetString, setOf } from '../cms/der.js';
import { OID } from '../cms/oids.js';
import { signingCertificateV2 } from '../cms/signed-attributes.js';
import type { DigestAlgorithm, SigningIdentity } from '../sign/key-signer.js';

export type TokenInput = {
  /** The request's MessageImprint, echoed unchanged (RFC 3161 §2.4.2). */
  readonly imprint: MessageImprint;
  readonly policy: string;
  /** Positive, unique for every token this TSA issues, at most 160 bits (RFC 3161 §2.4.2). */
  readonly serialNumber: Buffer;
  readonly genTime: Date;
  readonly accuracyMs: number;
  readonly nonce: Buffer | undefined;
  /** Include the TSA's certificate and chain (the request's certReq). */
  readonly includeCertificates: boolean;
  readonly identity: SigningIdentity;
  readonly digestAlgorithm: DigestAlgorithm;
};

/**
 * A TimeStampToken (RFC 3161 §2.4.2): a CMS SignedData (RFC 5652) version 3, since its content type
 * is id-ct-TSTInfo, whose signed attributes are content-type, message-digest and the
 * ESSCertIDv2 of RFC 5816 binding the TSA certificate. Structures come from the @peculiar schemas;
 * the signed attributes are our CAdES ones, so both signers bind their certificate the same way.
 */
export async function buildTimestampToken(input: TokenInput): Promise<Buffer> {
  const tstInfo = Buffer.from(AsnConvert.serialize(tstInfoOf(input)));
  const attributes = [
    attributeDer(OID.contentType, objectIdentifier(id_ct_tstInfo)),
    attributeDer(OID.messageDigest, octetString(createHash(input.digestAlgorithm).update(tstInfo).digest())),
    attributeDer(OID.signingCertificateV2, signingCertificateV2(input.identity.certificate, input.digestAlgorithm)),
  ].sort(Buffer.compare);
  // RFC 5652 §5.4: the signature is over the DER SET OF; SignerInfo carries the same attributes, in
  // this order, under [0] IMPLICIT.
  const signature = await input.identity.signer.sign(setOf(attributes), input.digestAlgorithm);
  const certificate = AsnConvert.parse(input.identity.certificate, Certificate);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: certificate.tbsCertificate.issuer, serialNumber: certificate.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm: AsnConvert.parse(digestAlgorithmIdentifier(input.digestAlgorithm), AlgorithmIdentifier),
    signedAttrs: attributes.map((der) => AsnConvert.parse(der, Attribute)),
    signatureAlgorithm: AsnConvert.parse(signatureAlgorithmIdentifier(input.identity.signer.keyType, input.digestAlgorithm), AlgorithmIdentifier),
    signature: new OctetString(signature),
  });
  const signedData = new SignedData({
    version: 3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([signerInfo.digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_ct_tstInfo, eContent: new EncapsulatedContent({ single: new OctetString(tstInfo) }) }),
    signerInfos: new SignerInfos([signerInfo]),
    ...(input.includeCertificates ? { certificates: certificatesOf(input.identity) } : {}),
  });
  const token = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return Buffer.from(AsnConvert.serialize(token));
}

function tstInfoOf(input: TokenInput): TSTInfo {
  const subject = AsnConvert.parse(input.identity.certificate, Certificate).tbsCertificate.subject;
  const seconds = Math.floor(input.accuracyMs / 1000);
  const millis = input.accuracyMs % 1000;
  return new TSTInfo({
    version: 1,
    policy: input.policy,
    messageImprint: input.imprint,
    serialNumber: toArrayBuffer(positiveInteger(input.serialNumber)),
    genTime: input.genTime,
    accuracy: new Accuracy({ ...(seconds > 0 ? { seconds } : {}), ...(millis > 0 ? { millis } : {}) }),
    ...(input.nonce ? { nonce: toArrayBuffer(input.nonce) } : {}),
    tsa: new GeneralName({ directoryName: subject }),
  });
}

/** The TSA certificate first, then its chain nearest first (RFC 3161 §2.4.1, certReq). */
function certificatesOf(identity: SigningIdentity): CertificateSet {
  return new CertificateSet(
    [identity.certificate, ...identity.chain].map((der) => new CertificateChoices({ certificate: AsnConvert.parse(der, Certificate) })),
  );
}

/** The content octets of a positive DER INTEGER: no redundant leading zeros, one where the top bit is set (X.690 §8.3.2). */
function positiveInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0 && value[start + 1]! < 0x80) start++;
  const trimmed = value.subarray(start);
  return trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed;
}

function attributeDer(type: string, value: Buffer): Buffer {
  return Buffer.from(AsnConvert.serialize(new Attribute({ attrType: type, attrValues: [toArrayBuffer(value)] })));
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
