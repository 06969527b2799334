import { generateKeyPairSync } from 'node:crypto';
import type { DistinguishedName } from '../src/core/pki/x509-name.js';
import { issue, type CertifiedKey } from '../src/keys/certificate-issuer.js';

/**
 * The development CAs: ECDSA P-384 keys, so they sign with SHA-384 (matched strengths, NIST SP 800-57),
 * issuing certificates through the same builder the tests use for their own PKIs.
 */
const ORGANIZATION = 'Docseal Development';

export function devName(commonName: string): DistinguishedName {
  return [
    { type: 'C', value: 'CN' },
    { type: 'O', value: ORGANIZATION },
    { type: 'CN', value: commonName },
  ];
}

function newCaKeyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
}

/** A 20-year self-signed root and a 10-year issuing CA under it that may only issue end-entity certificates. */
export function issueCas(now: Date): { root: CertifiedKey; issuing: CertifiedKey } {
  const root = issue(
    {
      subject: devName('Docseal Development Root CA'),
      ...newCaKeyPair(),
      now,
      years: 20,
      extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
    },
    undefined,
  );
  const issuing = issue(
    {
      subject: devName('Docseal Development Issuing CA'),
      ...newCaKeyPair(),
      now,
      years: 10,
      // pathLen 0: this CA issues end-entity certificates only (RFC 5280 §4.2.1.9).
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    },
    root,
  );
  return { root, issuing };
}
