import { createHash } from 'node:crypto';
import { HASH_BY_OID } from '../../cms/oids.js';
import type { CertificateFacts } from '../certificate-facts.js';
import type { EssCertIdFacts, SignedAttributesFacts } from '../cms-facts-model.js';
import type { Check } from '../report.js';

const ID = 'integrity.signing-certificate';

/** Why the first ESSCertID does not name `signer`, or undefined when it does (RFC 5035 §5.4). */
function essProblem(ids: readonly EssCertIdFacts[], signer: CertificateFacts): string | undefined {
  const first = ids[0];
  if (!first) return 'signing_certificate_mismatch';
  const hash = HASH_BY_OID[first.hashAlgorithm];
  if (!hash || hash === 'sha224') return 'unsupported_digest_algorithm';
  // SHA-1 is what ESS v1 is defined with, and only binds a certificate the signature already covers; MD5 is not.
  if (hash === 'md5') return 'weak_digest_algorithm';
  if (!createHash(hash).update(signer.der).digest().equals(first.certHash)) return 'signing_certificate_mismatch';
  const issuerSerial = first.issuerSerial;
  if (!issuerSerial) return undefined;
  const issuerMatches =
    issuerSerial.directoryNames.length === 0 || issuerSerial.directoryNames.some((name) => name.equals(signer.issuer));
  if (!issuerMatches || !issuerSerial.serialNumber.equals(signer.serialNumber)) return 'signing_certificate_mismatch';
  return undefined;
}

/**
 * ESS signing-certificate(-v2) binds the signer certificate into the signed attributes, so another
 * certificate with the same key cannot be substituted (EN 319 122-1 §5.2.2.3). Both versions are
 * checked when both are present. PAdES requires one, but some profiles of other signers omit it: a
 * warning, not a failure.
 */
export function checkSigningCertificate(
  attributes: SignedAttributesFacts | undefined,
  signer: CertificateFacts | undefined,
): Check {
  if (!attributes) return { id: ID, status: 'failed', code: 'signed_attributes_missing' };
  const present = [
    { version: 2, ids: attributes.signingCertificateV2 },
    { version: 1, ids: attributes.signingCertificate },
  ].filter((entry): entry is { version: number; ids: readonly EssCertIdFacts[] } => entry.ids !== undefined);
  if (present.length === 0) return { id: ID, status: 'warning', code: 'signing_certificate_absent' };
  if (!signer) return { id: ID, status: 'failed', code: 'signer_certificate_missing' };
  for (const { version, ids } of present) {
    const problem = essProblem(ids, signer);
    if (problem) return { id: ID, status: 'failed', code: problem, params: { version } };
  }
  return { id: ID, status: 'passed', code: 'signing_certificate_matches', params: { version: present[0]!.version } };
}
