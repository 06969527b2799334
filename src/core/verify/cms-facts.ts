import { DerError, TAG, readChildren, readChildrenAtMost, readObjectIdentifier, readTlv, walkDer, type Tlv } from '../cms/der.js';
import { OID } from '../cms/oids.js';
import { CmsFactsError, copyOf, expectTag, type CmsFacts } from './cms-facts-model.js';
import type { Check } from './report.js';
import { readAlgorithm, readSignerInfo, readSmallInteger } from './signer-info-reader.js';

const EXPLICIT_0 = 0xa0;
const IMPLICIT_0 = 0xa0;
const IMPLICIT_1 = 0xa1;

/** Bounds on hostile input: real signatures nest about 15 deep and carry a handful of certificates. */
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 200_000;
const MAX_CERTIFICATES = 50;
const MAX_CRLS = 50;
const MAX_DIGEST_ALGORITHMS = 16;
const MAX_SIGNER_INFOS = 16;

/** Only 0x00 may follow the DER: PDF writers pad /Contents with zeros (ISO 32000-1 §12.8.1). */
function contentInfoOf(contents: Buffer): Tlv {
  const outer = readTlv(contents, 0);
  for (let i = outer.end; i < contents.length; i++) {
    if (contents[i] !== 0) throw new CmsFactsError('contents_trailing_bytes', `non-zero byte after the DER at ${i}`);
  }
  const depth = walkDer(contents, outer, MAX_DEPTH, MAX_ELEMENTS);
  if (depth !== 'ok') throw new CmsFactsError('cms_too_complex', depth);
  return outer;
}

/** What the caller expects in encapContentInfo: detached id-data, or an encapsulated type such as id-ct-TSTInfo. */
export type CmsReadOptions = {
  /** The eContentType that must be present with eContent (RFC 3161 §2.4.2); absent: detached id-data. */
  readonly encapsulatedType?: string;
};

/**
 * EncapsulatedContentInfo ::= TAG.SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 * (RFC 5652 §5.2). PAdES signatures are detached, id-data with no eContent (EN 319 142-1 §6.3); a
 * TimeStampToken carries its TSTInfo as eContent. Returns the eContent octets, if any.
 */
function readEncapsulated(buf: Buffer, element: Tlv | undefined, options: CmsReadOptions): Buffer | undefined {
  const [type, content, ...rest] = readChildren(buf, expectTag(element, TAG.SEQUENCE, 'encapContentInfo'));
  if (rest.length > 0) throw new DerError('encapContentInfo has extra fields', element!.start);
  const found = readObjectIdentifier(buf, expectTag(type, TAG.OID, 'eContentType'));
  if (options.encapsulatedType === undefined) {
    if (found !== OID.data) throw new CmsFactsError('encapsulated_content_not_data', 'eContentType is not id-data');
    if (content) throw new CmsFactsError('encapsulated_content_present', 'a detached signature carries eContent');
    return undefined;
  }
  if (found !== options.encapsulatedType) {
    throw new CmsFactsError('encapsulated_content_type_mismatch', `eContentType is ${found}`);
  }
  if (!content) throw new CmsFactsError('encapsulated_content_missing', 'no eContent');
  const [octets, ...extra] = readChildren(buf, expectTag(content, EXPLICIT_0, 'eContent'));
  if (extra.length > 0) throw new DerError('eContent is not one OCTET STRING', content.start);
  const value = expectTag(octets, TAG.OCTET_STRING, 'eContent OCTET STRING');
  return copyOf(buf, value.valueStart, value.end);
}

/** CertificateChoices / RevocationInfoChoices: the plain X.509 TAG.SEQUENCE forms only (RFC 5652 §10.2). */
function sequencesIn(buf: Buffer, element: Tlv, max: number, code: string): Buffer[] {
  const items = readChildrenAtMost(buf, element, max + 1);
  if (items.length > max) throw new CmsFactsError(code, `more than ${max}`);
  return items.filter((item) => item.tag === TAG.SEQUENCE).map((item) => copyOf(buf, item.start, item.end));
}

/**
 * SignedData ::= TAG.SEQUENCE { version, digestAlgorithms, encapContentInfo, certificates [0] IMPLICIT
 * OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos } (RFC 5652 §5.1).
 */
function readSignedData(buf: Buffer, element: Tlv, options: CmsReadOptions): CmsFacts {
  const fields = readChildren(buf, expectTag(element, TAG.SEQUENCE, 'SignedData'));
  readSmallInteger(buf, fields[0], 'SignedData version');
  const digestSet = readChildrenAtMost(buf, expectTag(fields[1], TAG.SET, 'digestAlgorithms'), MAX_DIGEST_ALGORITHMS);
  const encapsulatedContent = readEncapsulated(buf, fields[2], options);
  let next = 3;
  const certificates =
    fields[next]?.tag === IMPLICIT_0 ? sequencesIn(buf, fields[next++]!, MAX_CERTIFICATES, 'too_many_certificates') : [];
  const crls = fields[next]?.tag === IMPLICIT_1 ? sequencesIn(buf, fields[next++]!, MAX_CRLS, 'too_many_crls') : [];
  const signerInfos = readChildrenAtMost(buf, expectTag(fields[next++], TAG.SET, 'signerInfos'), MAX_SIGNER_INFOS);
  if (next !== fields.length) throw new DerError('SignedData has extra fields', element.start);
  if (signerInfos.length === 0) throw new CmsFactsError('signer_info_missing', 'no SignerInfo');
  // One signature per signature dictionary: a second SignerInfo could be judged instead of the first.
  if (signerInfos.length > 1) throw new CmsFactsError('multiple_signer_infos', `${signerInfos.length} SignerInfos`);
  return {
    digestAlgorithms: digestSet.map((algorithm, i) => readAlgorithm(buf, algorithm, `digestAlgorithms[${i}]`).oid),
    certificates,
    crls,
    signerInfo: readSignerInfo(buf, signerInfos[0]!),
    encapsulatedContent,
  };
}

/** ContentInfo ::= TAG.SEQUENCE { contentType, content [0] EXPLICIT } (RFC 5652 §3), content id-signedData. */
function readContentInfo(contents: Buffer, options: CmsReadOptions): CmsFacts {
  const outer = contentInfoOf(contents);
  const [type, content, ...rest] = readChildren(contents, expectTag(outer, TAG.SEQUENCE, 'ContentInfo'));
  if (rest.length > 0) throw new DerError('ContentInfo has extra fields', outer.start);
  if (readObjectIdentifier(contents, expectTag(type, TAG.OID, 'contentType')) !== OID.signedData) {
    throw new CmsFactsError('cms_not_signed_data', 'ContentInfo is not id-signedData');
  }
  const [signedData, ...extra] = readChildren(contents, expectTag(content, EXPLICIT_0, 'content'));
  if (!signedData || extra.length > 0) throw new DerError('content is not one SignedData', content!.start);
  return readSignedData(contents, signedData, options);
}

/**
 * Reads the CMS in a signature's /Contents (zero padding stripped), or a signature-time-stamp token
 * when `options.encapsulatedType` is id-ct-TSTInfo. Never throws: a structure we cannot read, or
 * refuse, is a failed 'structure' check with a stable code.
 */
export function readCmsFacts(contents: Buffer, options: CmsReadOptions = {}): { facts?: CmsFacts; check?: Check } {
  try {
    return { facts: readContentInfo(contents, options) };
  } catch (e) {
    const code = e instanceof CmsFactsError ? e.code : 'cms_malformed';
    const detail = e instanceof Error ? e.message : 'unreadable';
    return { check: { id: 'structure', status: 'failed', code, params: { detail } } };
  }
}
