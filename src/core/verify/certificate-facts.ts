import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { DerError, TAG, readChildren, readChildrenAtMost, readObjectIdentifier, readTime, readTlv, type Tlv } from '../cms/der.js';
import { copyOf, expectTag } from './cms-facts-model.js';
import type { CertificateSummary } from './report.js';

const VERSION = 0xa0;
const EXTENSIONS = 0xa3;
const MAX_EXTENSIONS = 64;

export type Extension = { readonly critical: boolean; readonly value: Buffer };

/** A certificate read twice: by OpenSSL (X509Certificate) and by our DER reader for exact fields. */
export type CertificateFacts = {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  readonly publicKey: KeyObject;
  /** The serialNumber TAG.INTEGER TLV, the issuer and subject Name SEQUENCEs, as encoded. */
  readonly serialNumber: Buffer;
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly signatureAlgorithm: string;
  readonly extensions: ReadonlyMap<string, Extension>;
  readonly sha256: string;
};

function readExtensions(buf: Buffer, element: Tlv | undefined): Map<string, Extension> {
  const extensions = new Map<string, Extension>();
  if (!element) return extensions;
  const list = readTlv(buf, expectTag(element, EXTENSIONS, 'extensions').valueStart, element.end);
  for (const extension of readChildrenAtMost(buf, expectTag(list, TAG.SEQUENCE, 'Extensions'), MAX_EXTENSIONS)) {
    const fields = readChildren(buf, expectTag(extension, TAG.SEQUENCE, 'Extension'));
    const oid = readObjectIdentifier(buf, fields[0] ?? extension);
    const critical = fields[1]?.tag === TAG.BOOLEAN && buf[fields[1].valueStart] === 0xff;
    const value = expectTag(fields.at(-1), TAG.OCTET_STRING, 'extnValue');
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (extensions.has(oid)) throw new DerError(`extension ${oid} appears twice`, extension.start);
    extensions.set(oid, { critical, value: copyOf(buf, value.valueStart, value.end) });
  }
  return extensions;
}

/** RFC 5280 §4.1: Certificate and TBSCertificate, field by field. */
function readFields(der: Buffer): Omit<CertificateFacts, 'der' | 'x509' | 'publicKey' | 'sha256'> {
  const outer = expectTag(readTlv(der, 0), TAG.SEQUENCE, 'Certificate');
  if (outer.end !== der.length) throw new DerError('bytes after the certificate', outer.end);
  const [tbs, algorithm] = readChildren(der, outer);
  const fields = readChildren(der, expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate'));
  const rest = fields[0]?.tag === VERSION ? fields.slice(1) : fields;
  const [serial, , issuer, validity, subject, , ...optional] = rest;
  const [notBefore, notAfter] = readChildren(der, expectTag(validity, TAG.SEQUENCE, 'validity'));
  const algorithmFields = readChildren(der, expectTag(algorithm, TAG.SEQUENCE, 'signatureAlgorithm'));
  return {
    serialNumber: copyOf(der, expectTag(serial, TAG.INTEGER, 'serialNumber').start, serial!.end),
    issuer: copyOf(der, expectTag(issuer, TAG.SEQUENCE, 'issuer').start, issuer!.end),
    subject: copyOf(der, expectTag(subject, TAG.SEQUENCE, 'subject').start, subject!.end),
    notBefore: readTime(der, notBefore ?? validity!),
    notAfter: readTime(der, notAfter ?? validity!),
    signatureAlgorithm: readObjectIdentifier(der, algorithmFields[0] ?? algorithm!),
    extensions: readExtensions(der, optional.find((field) => field.tag === EXTENSIONS)),
  };
}

/** The certificate's facts, or undefined when either reader refuses it (it then takes no part). */
/**
 * Certificates repeat: the same chain in every signature of a file and in file after file, and
 * parsing one costs more than verifying a signature with it. Facts are immutable and depend only on
 * the bytes, so they are remembered (a bounded memo, emptied when full).
 */
const MEMO_LIMIT = 512;
const memo = new Map<string, CertificateFacts | undefined>();

export function readCertificate(der: Buffer): CertificateFacts | undefined {
  const key = der.toString('base64');
  if (memo.has(key)) return memo.get(key);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const facts = parseCertificate(der);
  memo.set(key, facts);
  return facts;
}

function parseCertificate(der: Buffer): CertificateFacts | undefined {
  try {
    const x509 = new X509Certificate(der);
    return {
      der,
      x509,
      publicKey: x509.publicKey,
      ...readFields(der),
      sha256: createHash('sha256').update(der).digest('hex'),
    };
  } catch {
    return undefined;
  }
}

/** RFC 4514 puts the most specific RDN first; node:crypto lists them in encoded order, one a line. */
function rfc4514(multiline: string): string {
  return multiline.split('\n').reverse().join(', ');
}

/** The serial as lower-case hex of its magnitude (no sign octet). */
function serialHex(integer: Buffer): string {
  const value = integer.subarray(readTlv(integer, 0).valueStart);
  const magnitude = value.length > 1 && value[0] === 0 ? value.subarray(1) : value;
  return magnitude.toString('hex');
}

export function summarize(cert: CertificateFacts): CertificateSummary {
  return {
    subject: rfc4514(cert.x509.subject),
    issuer: rfc4514(cert.x509.issuer),
    serialNumber: serialHex(cert.serialNumber),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: cert.sha256,
  };
}
