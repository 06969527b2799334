import { DerError, TAG, readChildren, readTlv, tlvBytes } from './der.js';

/** The issuer Name and serialNumber TAG.INTEGER of a certificate, as their exact DER encodings. */
export type IssuerAndSerial = {
  readonly issuer: Buffer;
  readonly serialNumber: Buffer;
};

const VERSION_TAG = 0xa0;

/**
 * RFC 5280 §4.1: TBSCertificate ::= TAG.SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber,
 * signature, issuer, ... }. The bytes are copied, not re-encoded, so the CMS sid and the ESS
 * issuerSerial match the certificate even where its encoding is not the one we would produce.
 */
export function issuerAndSerialOf(certificate: Buffer): IssuerAndSerial {
  const outer = readTlv(certificate, 0);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== certificate.length) {
    throw new DerError('certificate is not a single SEQUENCE', 0);
  }
  const tbs = readTlv(certificate, outer.valueStart, outer.end);
  if (tbs.tag !== TAG.SEQUENCE) throw new DerError('tbsCertificate is not a SEQUENCE', tbs.start);
  const fields = readChildren(certificate, tbs);
  const rest = fields[0]?.tag === VERSION_TAG ? fields.slice(1) : fields;
  const [serial, , issuer] = rest;
  if (serial?.tag !== TAG.INTEGER) throw new DerError('certificate serialNumber missing', tbs.valueStart);
  if (issuer?.tag !== TAG.SEQUENCE) throw new DerError('certificate issuer missing', serial.end);
  return { issuer: tlvBytes(certificate, issuer), serialNumber: tlvBytes(certificate, serial) };
}
