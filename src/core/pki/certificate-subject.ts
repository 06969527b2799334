import forge from 'node-forge';
import { DocsealError } from '../errors.js';
import type { DistinguishedName, NameAttribute, NameAttributeType } from './x509-name.js';

const { asn1 } = forge;

const ATTRIBUTE_TYPES: Record<string, NameAttributeType> = {
  '2.5.4.6': 'C',
  '2.5.4.8': 'ST',
  '2.5.4.7': 'L',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
};

const unsupported = (why: string) => new DocsealError('config_invalid', `cannot issue under this CA: its subject ${why}`);

function attribute(rdn: forge.asn1.Asn1): NameAttribute {
  const values = rdn.value as forge.asn1.Asn1[];
  if (values.length !== 1) throw unsupported('has a multi-valued RDN');
  const [oid, value] = values[0]!.value as forge.asn1.Asn1[];
  const type = ATTRIBUTE_TYPES[asn1.derToOid(oid!.value as string)];
  if (!type) throw unsupported(`has an attribute type other than ${Object.values(ATTRIBUTE_TYPES).join(', ')}`);
  if (value!.type === asn1.Type.BMPSTRING) throw unsupported('has a BMPString attribute');
  // UTF8String bytes as UTF-8; PrintableString and IA5String are ASCII, a subset of it.
  return { type, value: Buffer.from(value!.value as string, 'binary').toString('utf8') };
}

/**
 * The subject of a DER certificate (RFC 5280 §4.1.2.6) as a DistinguishedName, to name it as the issuer
 * of certificates it signs. nameToAsn1 encodes it back with its own string types (UTF8String, and
 * PrintableString for C), which RFC 5280 §7.1 name matching treats as the same name.
 */
export function certificateSubject(certificate: Buffer): DistinguishedName {
  const root = asn1.fromDer(certificate.toString('binary'), { parseAllBytes: true, decodeBitStrings: false } as unknown as boolean);
  const tbs = (root.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  // TBSCertificate: [0] version (present in v3), serialNumber, signature, issuer, validity, subject.
  const offset = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const subject = tbs[offset + 4]!.value as forge.asn1.Asn1[];
  return subject.map(attribute);
}
