import { DerError, TAG, readChildren, readObjectIdentifier, readTime, readTlv, type Tlv } from '../cms/der.js';
import type { CertificateFacts } from './certificate-facts.js';
import { copyOf, expectTag } from './cms-facts-model.js';
import { isWeakHash, keyProblem, schemeOf, verifyWithScheme } from './signature-scheme.js';
import { readAlgorithm } from './signer-info-reader.js';

const CRL_EXTENSIONS = 0xa0;

/** RFC 5280 §5.2: the CRL extensions that do not narrow or redefine what the list means. */
const HARMLESS_CRL_EXTENSIONS: ReadonlySet<string> = new Set(['2.5.29.20', '2.5.29.35']);
/** RFC 5280 §5.3.3: certificateIssuer makes the CRL indirect, which we do not support. */
const CERTIFICATE_ISSUER = '2.5.29.29';

/** A CRL read from DER: what revocation checking needs, and what its signature covers. */
export type CrlFacts = {
  readonly issuer: Buffer;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  /** Serial TAG.INTEGER TLV as hex → revocationDate. */
  readonly revoked: ReadonlyMap<string, Date>;
  readonly tbs: Buffer;
  readonly signatureAlgorithm: ReturnType<typeof readAlgorithm>;
  readonly signature: Buffer;
};

/** The OIDs in an Extensions TAG.SEQUENCE: only the critical ones, or all. */
function extensionOids(buf: Buffer, list: Tlv, criticalOnly: boolean): string[] {
  return readChildren(buf, expectTag(list, TAG.SEQUENCE, 'Extensions')).flatMap((extension) => {
    const [oid, critical] = readChildren(buf, expectTag(extension, TAG.SEQUENCE, 'Extension'));
    const isCritical = critical?.tag === 0x01 && buf[critical.valueStart] === 0xff;
    return !criticalOnly || isCritical ? [readObjectIdentifier(buf, oid ?? extension)] : [];
  });
}

function readRevoked(buf: Buffer, list: Tlv | undefined): Map<string, Date> {
  const revoked = new Map<string, Date>();
  if (!list) return revoked;
  for (const entry of readChildren(buf, expectTag(list, TAG.SEQUENCE, 'revokedCertificates'))) {
    const [serial, date, extensions] = readChildren(buf, expectTag(entry, TAG.SEQUENCE, 'revoked entry'));
    const serialTlv = expectTag(serial, TAG.INTEGER, 'userCertificate');
    if (extensions && extensionOids(buf, extensions, false).includes(CERTIFICATE_ISSUER)) {
      throw new DerError('indirect CRL', entry.start);
    }
    revoked.set(buf.toString('hex', serialTlv.start, serialTlv.end), readTime(buf, date ?? entry));
  }
  return revoked;
}

/**
 * CertificateList / TBSCertList (RFC 5280 §5.1). Throws DerError on anything we cannot read or would
 * misread: delta CRLs, partitioned (issuingDistributionPoint) and indirect CRLs are refused.
 */
export function readCrl(der: Buffer): CrlFacts {
  const outer = expectTag(readTlv(der, 0), TAG.SEQUENCE, 'CertificateList');
  if (outer.end !== der.length) throw new DerError('bytes after the CRL', outer.end);
  const [tbs, algorithm, signature] = readChildren(der, outer);
  const fields = readChildren(der, expectTag(tbs, TAG.SEQUENCE, 'tbsCertList'));
  if (fields[0]?.tag === TAG.INTEGER) fields.shift();
  const [innerAlgorithm, issuer, thisUpdate, ...rest] = fields;
  const nextUpdate = rest[0] && (rest[0].tag === 0x17 || rest[0].tag === 0x18) ? rest.shift() : undefined;
  const revokedList = rest[0]?.tag === TAG.SEQUENCE ? rest.shift() : undefined;
  const extensions = rest[0]?.tag === CRL_EXTENSIONS ? rest.shift() : undefined;
  if (rest.length > 0) throw new DerError('tbsCertList has extra fields', tbs!.start);
  if (extensions) {
    const critical = extensionOids(der, readTlv(der, extensions.valueStart, extensions.end), true);
    if (critical.some((oid) => !HARMLESS_CRL_EXTENSIONS.has(oid))) {
      throw new DerError('unsupported critical CRL extension', extensions.start);
    }
  }
  const bits = expectTag(signature, TAG.BIT_STRING, 'signatureValue');
  if (der[bits.valueStart] !== 0) throw new DerError('signature BIT STRING with unused bits', bits.start);
  // RFC 5280 §5.1.1.2: the signed and the outer algorithm must be the same.
  if (!copyOf(der, innerAlgorithm!.start, innerAlgorithm!.end).equals(copyOf(der, algorithm!.start, algorithm!.end))) {
    throw new DerError('CRL signature algorithms differ', algorithm!.start);
  }
  return {
    issuer: copyOf(der, expectTag(issuer, TAG.SEQUENCE, 'issuer').start, issuer!.end),
    thisUpdate: readTime(der, thisUpdate ?? tbs!),
    nextUpdate: nextUpdate && readTime(der, nextUpdate),
    revoked: readRevoked(der, revokedList),
    tbs: copyOf(der, tbs!.start, tbs!.end),
    signatureAlgorithm: readAlgorithm(der, algorithm, 'CRL signatureAlgorithm'),
    signature: copyOf(der, bits.valueStart + 1, bits.end),
  };
}

/** The CRL's signature verifies with `issuer`'s key, with a hash that is not broken. */
export function crlSignedBy(crl: CrlFacts, issuer: CertificateFacts): boolean {
  const result = schemeOf(crl.signatureAlgorithm, undefined);
  if ('code' in result || isWeakHash(result.scheme.hash) || keyProblem(issuer.publicKey, result.scheme)) return false;
  return verifyWithScheme(result.scheme, crl.tbs, issuer.publicKey, crl.signature);
}
