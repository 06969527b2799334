import { createHash } from 'node:crypto';
import { objectIdentifier, octetString, sequence, tlv, unsignedInteger } from '../../src/core/cms/der.js';
import { OID } from '../../src/core/cms/oids.js';
import {
  algorithm,
  assembleCms,
  attribute,
  digestAlgorithm,
  implicitAttributes,
  issuerAndSerial,
  OIDS,
  rsaEncryption,
  signedSet,
  signingCertificateV2,
  signWith,
} from './cms-forge.js';
import { CA_EXTENSIONS, issue, newKey, type Issued } from './verify-pki.js';

/**
 * RFC 3161 time-stamp tokens built by hand from DER pieces and node:crypto, so tests can make a TSA
 * that a real one would never be (no EKU, expired, untrusted) and tokens with chosen fields.
 */
export type TokenOptions = {
  readonly tsa: Issued;
  /** Certificates the token carries besides the TSA's own. */
  readonly chain?: readonly Buffer[];
  /** The SignerInfo.signature octets the imprint covers. */
  readonly signatureValue: Buffer;
  readonly genTime: Date;
  readonly imprintHash?: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  readonly eContentType?: string;
  readonly signingCertificate?: boolean;
};

/** GeneralizedTime with fractions, trailing zeros removed (RFC 3161 §2.4.2). */
export function generalizedTime(date: Date): Buffer {
  const iso = date.toISOString();
  const whole = iso.slice(0, 19).replace(/[-:T]/g, '');
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return tlv(0x18, Buffer.from(`${whole}${fraction ? `.${fraction}` : ''}Z`, 'latin1'));
}

export function tstInfo(options: TokenOptions): Buffer {
  const hash = options.imprintHash ?? 'sha256';
  const imprint = sequence(digestAlgorithm(hash), octetString(createHash(hash).update(options.signatureValue).digest()));
  return sequence(
    unsignedInteger(1),
    objectIdentifier('1.3.6.1.4.1.99999.1'),
    imprint,
    unsignedInteger(0x1234_5678),
    generalizedTime(options.genTime),
    sequence(unsignedInteger(1)),
    unsignedInteger(0x0bad_cafe),
  );
}

/** A TimeStampToken: ContentInfo SignedData, eContent TSTInfo, signed with the TSA's key over SHA-256. */
export function buildToken(options: TokenOptions): Buffer {
  const content = tstInfo(options);
  const attributes = [
    attribute(OID.contentType, objectIdentifier(OID.tstInfo)),
    attribute(OID.messageDigest, octetString(createHash('sha256').update(content).digest())),
    ...(options.signingCertificate === false ? [] : [signingCertificateV2(options.tsa.cert)]),
  ];
  const signedAttrs = implicitAttributes(attributes);
  const ec = options.tsa.privateKey.asymmetricKeyType === 'ec';
  return assembleCms({
    digestAlgorithm: digestAlgorithm('sha256'),
    sid: issuerAndSerial(options.tsa.cert),
    signedAttrs,
    signatureAlgorithm: ec ? algorithm(OIDS.ecdsaSha256) : rsaEncryption(),
    signature: signWith(options.tsa.privateKey, 'sha256', signedSet(signedAttrs)),
    certificates: [options.tsa.cert, ...(options.chain ?? [])],
    encapContentInfo: sequence(objectIdentifier(options.eContentType ?? OID.tstInfo), tlv(0xa0, octetString(content))),
  });
}

/** RFC 3161 §2.3: extKeyUsage critical, id-kp-timeStamping its only purpose. */
export const TSA_EKU = { oid: '2.5.29.37', critical: true, value: sequence(objectIdentifier(OID.kpTimeStamping)) };

export type TsaPki = { root: Issued; tsa: Issued };

/** A root and a TSA under it; `eku` replaces the RFC 3161 extension (null: none). */
export function makeTsa(options: { eku?: typeof TSA_EKU | null; notBefore: Date; notAfter: Date }): TsaPki {
  const root = issue({ cn: 'TSA Test Root', key: newKey('rsa2048'), extensions: CA_EXTENSIONS, notBefore: options.notBefore, notAfter: options.notAfter });
  const eku = options.eku === undefined ? TSA_EKU : options.eku;
  const tsa = issue({
    cn: 'Test TSA',
    key: newKey('rsa2048'),
    issuer: root,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    extensions: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], ...(eku ? { extra: [eku] } : {}) },
  });
  return { root, tsa };
}
