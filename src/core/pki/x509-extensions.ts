import forge from 'node-forge';

const { asn1 } = forge;

/** KeyUsage bits in their RFC 5280 §4.2.1.3 positions. */
const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
} as const;

export type KeyUsageBit = keyof typeof KEY_USAGE_BITS;

/** An extension encoded by the caller, e.g. an unknown critical one for a negative test. */
export type RawExtension = { readonly oid: string; readonly critical: boolean; readonly value: Buffer };

export type CertificateExtensions = {
  /** Always marked critical (RFC 5280 §4.2.1.9 requires it in CA certificates). */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  /** Always marked critical (RFC 5280 §4.2.1.3: "SHOULD mark this extension critical"). */
  readonly keyUsage?: readonly KeyUsageBit[];
  /** KeyPurposeId OIDs; critical where the purpose requires it (RFC 3161 §2.3 for id-kp-timeStamping). */
  readonly extendedKeyUsage?: { readonly purposes: readonly string[]; readonly critical: boolean };
  /** The subject key identifier; `true` derives it from the public key (RFC 5280 §4.2.1.2, method 1). */
  readonly subjectKeyIdentifier?: true | Buffer;
  /** The issuer's subject key identifier (RFC 5280 §4.2.1.1). */
  readonly authorityKeyIdentifier?: Buffer;
  readonly extra?: readonly RawExtension[];
};

const universal = (type: forge.asn1.Type, constructed: boolean, value: string | forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);

const oid = (dotted: string) => universal(asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());

const derBytes = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/** DER of a named BIT STRING: trailing zero bits dropped, unused-bit count in the first octet (X.690 §11.2.2). */
export function encodeKeyUsage(bits: readonly KeyUsageBit[]): Buffer {
  const positions = bits.map((bit) => KEY_USAGE_BITS[bit]);
  const highest = Math.max(...positions);
  const octets = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const position of positions) {
    octets[position >> 3]! |= 0x80 >> (position & 7);
  }
  const unusedBits = octets.length * 8 - (highest + 1);
  const content = Buffer.concat([Buffer.of(unusedBits), octets]).toString('binary');
  return derBytes(universal(asn1.Type.BITSTRING, false, content));
}

function encodeBasicConstraints(ca: boolean, pathLength: number | undefined): Buffer {
  // X.690 §11.5: DER omits a BOOLEAN equal to its DEFAULT (cA FALSE).
  const fields: forge.asn1.Asn1[] = [];
  if (ca) fields.push(universal(asn1.Type.BOOLEAN, false, '\xff'));
  if (pathLength !== undefined) {
    fields.push(universal(asn1.Type.INTEGER, false, asn1.integerToDer(pathLength).getBytes()));
  }
  return derBytes(universal(asn1.Type.SEQUENCE, true, fields));
}

function encodeAuthorityKeyIdentifier(keyIdentifier: Buffer): Buffer {
  // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING, ... }
  const tagged = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, keyIdentifier.toString('binary'));
  return derBytes(universal(asn1.Type.SEQUENCE, true, [tagged]));
}

function encodeOctetString(bytes: Buffer): Buffer {
  return derBytes(universal(asn1.Type.OCTETSTRING, false, bytes.toString('binary')));
}

function encodeExtendedKeyUsage(purposes: readonly string[]): Buffer {
  return derBytes(universal(asn1.Type.SEQUENCE, true, purposes.map(oid)));
}

/** The extensions in a fixed order, with `subjectKeyId` already resolved by the builder. */
export function listExtensions(extensions: CertificateExtensions, subjectKeyId: Buffer | undefined): RawExtension[] {
  const list: RawExtension[] = [];
  const { basicConstraints, keyUsage, extendedKeyUsage, authorityKeyIdentifier } = extensions;
  if (basicConstraints) {
    const value = encodeBasicConstraints(basicConstraints.ca, basicConstraints.pathLength);
    list.push({ oid: '2.5.29.19', critical: true, value });
  }
  if (keyUsage && keyUsage.length > 0) list.push({ oid: '2.5.29.15', critical: true, value: encodeKeyUsage(keyUsage) });
  if (extendedKeyUsage && extendedKeyUsage.purposes.length > 0) {
    list.push({ oid: '2.5.29.37', critical: extendedKeyUsage.critical, value: encodeExtendedKeyUsage(extendedKeyUsage.purposes) });
  }
  if (subjectKeyId) list.push({ oid: '2.5.29.14', critical: false, value: encodeOctetString(subjectKeyId) });
  if (authorityKeyIdentifier) {
    list.push({ oid: '2.5.29.35', critical: false, value: encodeAuthorityKeyIdentifier(authorityKeyIdentifier) });
  }
  return [...list, ...(extensions.extra ?? [])];
}

/** Extensions ::= SEQUENCE OF Extension, Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }. */
export function extensionsToAsn1(list: readonly RawExtension[]): forge.asn1.Asn1 {
  const encoded = list.map((extension) => {
    const fields = [oid(extension.oid)];
    if (extension.critical) fields.push(universal(asn1.Type.BOOLEAN, false, '\xff'));
    fields.push(universal(asn1.Type.OCTETSTRING, false, extension.value.toString('binary')));
    return universal(asn1.Type.SEQUENCE, true, fields);
  });
  return universal(asn1.Type.SEQUENCE, true, encoded);
}
