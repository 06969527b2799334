import forge from 'node-forge';

const { asn1 } = forge;

/** The attribute types our certificates use (RFC 5280 §4.1.2.4, X.520). */
export type NameAttributeType = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'serialNumber';

export type NameAttribute = { readonly type: NameAttributeType; readonly value: string };

/** A distinguished name as an ordered list of attributes, most significant (country) first. */
export type DistinguishedName = readonly NameAttribute[];

const ATTRIBUTE_OIDS: Record<NameAttributeType, string> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
};

/**
 * RFC 5280 §4.1.2.4 and Appendix A: countryName and serialNumber are PrintableString;
 * every other attribute is UTF8String, so Chinese names survive.
 */
function attributeValue(attribute: NameAttribute): forge.asn1.Asn1 {
  if (attribute.type === 'C' || attribute.type === 'serialNumber') {
    return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.PRINTABLESTRING, false, attribute.value);
  }
  const utf8Bytes = Buffer.from(attribute.value, 'utf8').toString('binary');
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, utf8Bytes);
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName, one single-valued RDN per attribute. */
export function nameToAsn1(name: DistinguishedName): forge.asn1.Asn1 {
  const rdns = name.map((attribute) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(
          asn1.Class.UNIVERSAL,
          asn1.Type.OID,
          false,
          asn1.oidToDer(ATTRIBUTE_OIDS[attribute.type]).getBytes(),
        ),
        attributeValue(attribute),
      ]),
    ]),
  );
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, rdns);
}
