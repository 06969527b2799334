import { buildPath, type PathResult } from '../certificate-path.js';
import { readCertificate, summarize, type CertificateFacts } from '../certificate-facts.js';
import type { CertificateSummary, Check } from '../report.js';
import { checkCertificateUsage } from './certificate-usage.js';
import { checkRevocation } from './revocation.js';

export type TrustInput = {
  /** DER of the signer certificate (as checkIntegrity found it). */
  readonly signer: Buffer;
  /** DER certificates from the CMS. */
  readonly certificates: readonly Buffer[];
  /** DER trust anchor certificates. */
  readonly anchors: readonly Buffer[];
  /** When validity is judged: the claimed signing time, or one a timestamp proves. */
  readonly at: Date;
  readonly now: Date;
  /** `at` is a time a trusted timestamp proves, not one the signer claims. */
  readonly proven?: boolean;
  /** DER CRLs we hold. */
  readonly crls?: readonly Buffer[];
};

export type TrustResult = { checks: Check[]; chain: CertificateSummary[]; signerSummary: CertificateSummary };

function readAll(ders: readonly Buffer[]): CertificateFacts[] {
  return ders.map(readCertificate).filter((cert): cert is CertificateFacts => cert !== undefined);
}

function chainCheck(result: PathResult): Check {
  if (result.anchor) {
    return { id: 'trust.chain', status: 'passed', code: 'chain_trusted', params: { anchor: summarize(result.anchor).subject } };
  }
  if (result.weakSignature) {
    const params = { subject: summarize(result.weakSignature).subject };
    return { id: 'trust.chain', status: 'failed', code: 'weak_certificate_signature', params };
  }
  return { id: 'trust.chain', status: 'failed', code: 'chain_untrusted' };
}

/** RFC 5280 §6.1.3 (a)(2), judged at `at` rather than now (a signature outlives its certificate). */
function validityCheck(path: readonly CertificateFacts[], at: Date): Check {
  for (const cert of path) {
    const subject = summarize(cert).subject;
    if (at < cert.notBefore) {
      const params = { subject, notBefore: cert.notBefore.toISOString() };
      return { id: 'trust.validity', status: 'failed', code: 'certificate_not_yet_valid', params };
    }
    if (at > cert.notAfter) {
      const params = { subject, notAfter: cert.notAfter.toISOString() };
      return { id: 'trust.validity', status: 'failed', code: 'certificate_expired', params };
    }
  }
  return { id: 'trust.validity', status: 'passed', code: 'certificates_valid', params: { at: at.toISOString() } };
}

/**
 * Trust in the signer certificate: a path to an anchor, each certificate valid at `at`, key usage and
 * CA constraints, and revocation from the CRLs we hold. Throws only when `signer` is not a certificate,
 * which checkIntegrity never hands over.
 */
export function checkTrust(input: TrustInput): TrustResult {
  const signer = readCertificate(input.signer);
  if (!signer) throw new RangeError('the signer is not a readable certificate');
  const result = buildPath(signer, readAll(input.certificates), readAll(input.anchors));
  const checks = [
    chainCheck(result),
    validityCheck(result.path, input.at),
    checkCertificateUsage(result.path),
    checkRevocation(result.path, input.crls ?? [], input.at, input.now, input.proven),
  ];
  const chain = result.path.map(summarize);
  return { checks, chain, signerSummary: chain[0]! };
}
