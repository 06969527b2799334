import { DerError, TAG, readChildren, readChildrenAtMost, readObjectIdentifier, readTlv, type Tlv } from '../cms/der.js';
import { OID } from '../cms/oids.js';
import {
  copyOf,
  expectTag,
  type AlgorithmFacts,
  type SignerIdFacts,
  type SignerInfoFacts,
} from './cms-facts-model.js';
import { readSignedAttributes } from './signed-attributes-reader.js';

const SUBJECT_KEY_ID = 0x80;
const SIGNED_ATTRS = 0xa0;
const UNSIGNED_ATTRS = 0xa1;
const MAX_UNSIGNED_ATTRIBUTES = 64;

/** A small non-negative TAG.INTEGER such as a version number. */
export function readSmallInteger(buf: Buffer, element: Tlv | undefined, what: string): number {
  const tlv = expectTag(element, TAG.INTEGER, what);
  const length = tlv.end - tlv.valueStart;
  if (length < 1 || length > 4 || (buf[tlv.valueStart] as number) >= 0x80) throw new DerError(`bad ${what}`, tlv.start);
  return buf.readUIntBE(tlv.valueStart, length);
}

/** AlgorithmIdentifier ::= TAG.SEQUENCE { algorithm, parameters ANY OPTIONAL } (RFC 5280 §4.1.1.2). */
export function readAlgorithm(buf: Buffer, element: Tlv | undefined, what: string): AlgorithmFacts {
  const [oid, parameters, ...rest] = readChildren(buf, expectTag(element, TAG.SEQUENCE, what));
  if (!oid || rest.length > 0) throw new DerError(`bad ${what}`, element!.start);
  return {
    oid: readObjectIdentifier(buf, oid),
    parameters: parameters && copyOf(buf, parameters.start, parameters.end),
  };
}

function readSid(buf: Buffer, element: Tlv | undefined): SignerIdFacts {
  if (element?.tag === SUBJECT_KEY_ID) {
    return { kind: 'subjectKeyIdentifier', keyIdentifier: copyOf(buf, element.valueStart, element.end) };
  }
  const [issuer, serial, ...rest] = readChildren(buf, expectTag(element, TAG.SEQUENCE, 'sid'));
  if (rest.length > 0) throw new DerError('IssuerAndSerialNumber has extra fields', element!.start);
  const name = expectTag(issuer, TAG.SEQUENCE, 'sid issuer');
  const serialNumber = expectTag(serial, TAG.INTEGER, 'sid serialNumber');
  return {
    kind: 'issuerAndSerialNumber',
    issuer: copyOf(buf, name.start, name.end),
    serialNumber: copyOf(buf, serialNumber.start, serialNumber.end),
  };
}

/**
 * Unsigned attributes are not covered by the signature, so only the signature time-stamp token is
 * taken (its own signature and imprint are checked separately); CAdES allows it more than once.
 */
function readTimeStampToken(buf: Buffer, element: Tlv): Buffer | undefined {
  for (const attribute of readChildrenAtMost(buf, element, MAX_UNSIGNED_ATTRIBUTES)) {
    const [type, values] = readChildren(buf, expectTag(attribute, TAG.SEQUENCE, 'unsigned attribute'));
    if (readObjectIdentifier(buf, expectTag(type, 0x06, 'attrType')) !== OID.signatureTimeStampToken) continue;
    const set = expectTag(values, TAG.SET, 'attrValues');
    const token = expectTag(readTlv(buf, set.valueStart, set.end), TAG.SEQUENCE, 'TimeStampToken');
    return copyOf(buf, token.start, token.end);
  }
  return undefined;
}

/**
 * SignerInfo ::= TAG.SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 * signatureAlgorithm, signature, unsignedAttrs [1] IMPLICIT OPTIONAL } (RFC 5652 §5.3).
 */
export function readSignerInfo(buf: Buffer, element: Tlv): SignerInfoFacts {
  const fields = readChildren(buf, expectTag(element, TAG.SEQUENCE, 'SignerInfo'));
  const version = readSmallInteger(buf, fields[0], 'SignerInfo version');
  const sid = readSid(buf, fields[1]);
  const digestAlgorithm = readAlgorithm(buf, fields[2], 'digestAlgorithm');
  let next = 3;
  const signedAttributes = fields[next]?.tag === SIGNED_ATTRS ? readSignedAttributes(buf, fields[next++]!) : undefined;
  const signatureAlgorithm = readAlgorithm(buf, fields[next++], 'signatureAlgorithm');
  const signature = expectTag(fields[next++], TAG.OCTET_STRING, 'signature');
  const unsigned = fields[next]?.tag === UNSIGNED_ATTRS ? fields[next++] : undefined;
  if (next !== fields.length) throw new DerError('SignerInfo has extra fields', element.start);
  return {
    version,
    sid,
    digestAlgorithm,
    signedAttributes,
    signatureAlgorithm,
    signature: copyOf(buf, signature.valueStart, signature.end),
    timeStampToken: unsigned && readTimeStampToken(buf, unsigned),
  };
}
