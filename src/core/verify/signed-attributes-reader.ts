import { DerError, TAG, readChildren, readChildrenAtMost, readObjectIdentifier, readTlv, walkDer, type Tlv } from '../cms/der.js';
import { DIGEST_OIDS, OID } from '../cms/oids.js';
import {
  CmsFactsError,
  copyOf,
  expectTag,
  type EssCertIdFacts,
  type SignedAttributesFacts,
} from './cms-facts-model.js';

const DIRECTORY_NAME = 0xa4;
const SHA1_OID = '1.3.14.3.2.26';

const MAX_ATTRIBUTES = 64;
const MAX_VALUES = 16;
const MAX_ESS_CERTS = 50;
const MAX_DEPTH = 32;
const MAX_ELEMENTS = 10_000;

/**
 * RFC 5652 §5.3: signedAttrs is DER. Our signature check hashes the bytes as found, but a set that
 * another verifier would re-encode differently is a forgery hint, so it is refused: every length
 * minimal (the walk reads each one) and the TAG.SET OF in DER order (X.690 §11.6).
 */
function assertDer(buf: Buffer, element: Tlv, attributes: readonly Tlv[]): void {
  const notDer = (why: string) => new CmsFactsError('signed_attributes_not_der', why);
  try {
    if (walkDer(buf, element, MAX_DEPTH, MAX_ELEMENTS) !== 'ok') throw notDer('signed attributes too complex');
  } catch (e) {
    if (e instanceof DerError) throw notDer(e.message);
    throw e;
  }
  for (let i = 1; i < attributes.length; i++) {
    const previous = buf.subarray(attributes[i - 1]!.start, attributes[i - 1]!.end);
    if (Buffer.compare(previous, buf.subarray(attributes[i]!.start, attributes[i]!.end)) > 0) {
      throw notDer('signed attributes are not in DER SET OF order');
    }
  }
}

/** Attribute ::= TAG.SEQUENCE { attrType, attrValues TAG.SET OF AttributeValue }, one value each (RFC 5652 §11). */
function singleValues(buf: Buffer, attributes: readonly Tlv[]): Map<string, Tlv> {
  const values = new Map<string, Tlv>();
  for (const attribute of attributes) {
    const [typeTlv, valuesTlv, ...rest] = readChildren(buf, expectTag(attribute, TAG.SEQUENCE, 'attribute'));
    if (!typeTlv || rest.length > 0) throw new DerError('attribute is not a type and a value set', attribute.start);
    const type = readObjectIdentifier(buf, typeTlv);
    if (values.has(type)) throw new CmsFactsError('duplicate_attribute', `attribute ${type} appears twice`);
    const items = readChildrenAtMost(buf, expectTag(valuesTlv, TAG.SET, 'attrValues'), MAX_VALUES);
    if (items.length === 0) throw new DerError('attribute without a value', attribute.start);
    if (items.length > 1) throw new CmsFactsError('attribute_multiple_values', `attribute ${type} has ${items.length} values`);
    values.set(type, items[0]!);
  }
  return values;
}

/** IssuerSerial ::= TAG.SEQUENCE { issuer GeneralNames, serialNumber } (RFC 5035 §4). */
function readIssuerSerial(buf: Buffer, element: Tlv): EssCertIdFacts['issuerSerial'] {
  const [names, serial] = readChildren(buf, expectTag(element, TAG.SEQUENCE, 'issuerSerial'));
  const generalNames = readChildrenAtMost(buf, expectTag(names, TAG.SEQUENCE, 'GeneralNames'), MAX_VALUES);
  const directoryNames = generalNames
    .filter((name) => name.tag === DIRECTORY_NAME)
    .map((name) => {
      const inner = expectTag(readTlv(buf, name.valueStart, name.end), TAG.SEQUENCE, 'directoryName');
      return copyOf(buf, inner.start, inner.end);
    });
  const serialTlv = expectTag(serial, TAG.INTEGER, 'issuerSerial serialNumber');
  return { directoryNames, serialNumber: copyOf(buf, serialTlv.start, serialTlv.end) };
}

/**
 * SigningCertificate(V2) ::= TAG.SEQUENCE { certs TAG.SEQUENCE OF ESSCertID(v2), policies OPTIONAL }.
 * ESSCertIDv2 starts with hashAlgorithm DEFAULT sha256; ESSCertID has a SHA-1 certHash only.
 */
function readEssCertIds(buf: Buffer, value: Tlv, version: 1 | 2): EssCertIdFacts[] {
  const [certs] = readChildren(buf, expectTag(value, TAG.SEQUENCE, 'SigningCertificate'));
  const ids = readChildrenAtMost(buf, expectTag(certs, TAG.SEQUENCE, 'certs'), MAX_ESS_CERTS);
  if (ids.length === 0) throw new DerError('SigningCertificate without certs', value.start);
  return ids.map((id) => {
    const fields = readChildren(buf, expectTag(id, TAG.SEQUENCE, 'ESSCertID'));
    let hashAlgorithm = version === 1 ? SHA1_OID : DIGEST_OIDS.sha256;
    if (version === 2 && fields[0]?.tag === TAG.SEQUENCE) {
      const algorithm = fields.shift()!;
      hashAlgorithm = readObjectIdentifier(buf, readTlv(buf, algorithm.valueStart, algorithm.end));
    }
    const [hash, issuerSerial, ...rest] = fields;
    if (rest.length > 0) throw new DerError('ESSCertID has extra fields', id.start);
    const hashTlv = expectTag(hash, TAG.OCTET_STRING, 'certHash');
    return {
      hashAlgorithm,
      certHash: copyOf(buf, hashTlv.valueStart, hashTlv.end),
      issuerSerial: issuerSerial ? readIssuerSerial(buf, issuerSerial) : undefined,
    };
  });
}

/** Reads signedAttrs [0] IMPLICIT TAG.SET OF Attribute (RFC 5652 §5.3) and the attributes PAdES relies on. */
export function readSignedAttributes(buf: Buffer, element: Tlv): SignedAttributesFacts {
  const attributes = readChildrenAtMost(buf, element, MAX_ATTRIBUTES);
  const values = singleValues(buf, attributes);
  assertDer(buf, element, attributes);
  const contentType = values.get(OID.contentType);
  const digest = values.get(OID.messageDigest);
  const v1 = values.get(OID.signingCertificate);
  const v2 = values.get(OID.signingCertificateV2);
  return {
    encoded: copyOf(buf, element.start, element.end),
    types: [...values.keys()],
    contentType: contentType && readObjectIdentifier(buf, contentType),
    messageDigest: digest && copyOf(buf, expectTag(digest, TAG.OCTET_STRING, 'message-digest').valueStart, digest.end),
    signingCertificate: v1 && readEssCertIds(buf, v1, 1),
    signingCertificateV2: v2 && readEssCertIds(buf, v2, 2),
    hasSigningTime: values.has(OID.signingTime),
  };
}
