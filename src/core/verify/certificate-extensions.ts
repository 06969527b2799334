import { DerError, readChildren, readTlv } from '../cms/der.js';
import type { CertificateFacts } from './certificate-facts.js';

/** RFC 5280 §4.2.1 extension identifiers. */
export const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  subjectDirectoryAttributes: '2.5.29.9',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
} as const;

/** RFC 5280 §4.2.1.3 KeyUsage bit positions we test. */
export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;

/** The KeyUsage bits that are set, or undefined when the extension is absent. */
export function keyUsageBits(cert: CertificateFacts): Set<number> | undefined {
  const extension = cert.extensions.get(EXTENSION.keyUsage);
  if (!extension) return undefined;
  const bitString = readTlv(extension.value, 0);
  if (bitString.tag !== 0x03 || bitString.end !== extension.value.length || bitString.end === bitString.valueStart) {
    throw new DerError('keyUsage is not a BIT STRING', 0);
  }
  const unused = extension.value[bitString.valueStart] as number;
  const octets = extension.value.subarray(bitString.valueStart + 1, bitString.end);
  if (unused > 7) throw new DerError('keyUsage has a bad unused-bits count', 0);
  const bits = new Set<number>();
  for (let n = 0; n < octets.length * 8 - unused; n++) {
    if (((octets[n >> 3] as number) & (0x80 >> (n & 7))) !== 0) bits.add(n);
  }
  return bits;
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }. */
export function basicConstraints(cert: CertificateFacts): { ca: boolean; pathLength?: number } | undefined {
  const extension = cert.extensions.get(EXTENSION.basicConstraints);
  if (!extension) return undefined;
  const outer = readTlv(extension.value, 0);
  if (outer.tag !== 0x30 || outer.end !== extension.value.length) throw new DerError('basicConstraints malformed', 0);
  const fields = readChildren(extension.value, outer);
  const ca = fields[0]?.tag === 0x01 && extension.value[fields[0].valueStart] === 0xff;
  const length = fields.find((field) => field.tag === 0x02);
  if (!length) return { ca };
  const size = length.end - length.valueStart;
  if (size < 1 || size > 4 || (extension.value[length.valueStart] as number) >= 0x80) {
    throw new DerError('pathLenConstraint out of range', length.start);
  }
  return { ca, pathLength: extension.value.readUIntBE(length.valueStart, size) };
}

/** SubjectKeyIdentifier ::= OCTET STRING (RFC 5280 §4.2.1.2). */
export function subjectKeyIdentifier(cert: CertificateFacts): Buffer | undefined {
  const extension = cert.extensions.get(EXTENSION.subjectKeyIdentifier);
  if (!extension) return undefined;
  const octets = readTlv(extension.value, 0);
  if (octets.tag !== 0x04) throw new DerError('subjectKeyIdentifier malformed', 0);
  return extension.value.subarray(octets.valueStart, octets.end);
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OPTIONAL, ... } (RFC 5280 §4.2.1.1). */
export function authorityKeyIdentifier(cert: CertificateFacts): Buffer | undefined {
  const extension = cert.extensions.get(EXTENSION.authorityKeyIdentifier);
  if (!extension) return undefined;
  const outer = readTlv(extension.value, 0);
  if (outer.tag !== 0x30) throw new DerError('authorityKeyIdentifier malformed', 0);
  const keyId = readChildren(extension.value, outer).find((field) => field.tag === 0x80);
  return keyId && extension.value.subarray(keyId.valueStart, keyId.end);
}

/** Either key identifier, or undefined when the extension is absent or unreadable. */
export function keyIdentifierOrUndefined(read: () => Buffer | undefined): Buffer | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
