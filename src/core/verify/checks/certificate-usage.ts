import { basicConstraints, EXTENSION, KEY_USAGE, keyUsageBits } from '../certificate-extensions.js';
import { summarize, type CertificateFacts } from '../certificate-facts.js';
import type { Check } from '../report.js';

const ID = 'trust.key-usage';

/** Extensions the verifier understands, or that do not restrict what a signature means (RFC 5280 §4.2). */
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXTENSION));

type Problem = { code: string; reason: string; subject: CertificateFacts; oid?: string };

/** RFC 5280 §4.2.1.3: a signing key has digitalSignature or nonRepudiation (contentCommitment). */
function signerProblem(signer: CertificateFacts): Problem | undefined {
  for (const [oid, extension] of signer.extensions) {
    // RFC 5280 §4.2: a certificate with a critical extension we do not recognise must be rejected.
    if (extension.critical && !KNOWN_EXTENSIONS.has(oid)) {
      return { code: 'unknown_critical_extension', reason: 'unknown_critical_extension', subject: signer, oid };
    }
  }
  const bits = keyUsageBits(signer);
  if (bits && !bits.has(KEY_USAGE.digitalSignature) && !bits.has(KEY_USAGE.nonRepudiation)) {
    return { code: 'key_usage_invalid', reason: 'no_signing_bit', subject: signer };
  }
  return undefined;
}

/**
 * RFC 5280 §6.1.4 (k), (l), (n): an issuing certificate is a CA by basicConstraints, may sign
 * certificates when keyUsage is present, and its pathLenConstraint bounds the CAs below it.
 * `below` counts the non-self-issued intermediate CAs between it and the signer.
 */
function caProblem(ca: CertificateFacts, below: number): Problem | undefined {
  const constraints = basicConstraints(ca);
  if (!constraints?.ca) return { code: 'ca_constraints_invalid', reason: 'not_a_ca', subject: ca };
  const bits = keyUsageBits(ca);
  if (bits && !bits.has(KEY_USAGE.keyCertSign)) {
    return { code: 'ca_constraints_invalid', reason: 'no_key_cert_sign', subject: ca };
  }
  if (constraints.pathLength !== undefined && below > constraints.pathLength) {
    return { code: 'ca_constraints_invalid', reason: 'path_length_exceeded', subject: ca };
  }
  return undefined;
}

function firstProblem(path: readonly CertificateFacts[]): Problem | undefined {
  const signer = path[0]!;
  const problem = signerProblem(signer);
  if (problem) return problem;
  let below = 0;
  for (let i = 1; i < path.length; i++) {
    const ca = path[i]!;
    const found = caProblem(ca, below);
    if (found) return found;
    if (!ca.subject.equals(ca.issuer)) below++;
  }
  return undefined;
}

/** Key usage of the signer and the constraints of every CA in the path (anchor included). */
export function checkCertificateUsage(path: readonly CertificateFacts[]): Check {
  let problem: Problem | undefined;
  try {
    problem = firstProblem(path);
  } catch {
    // An extension we cannot read cannot grant anything.
    problem = { code: 'key_usage_invalid', reason: 'extension_malformed', subject: path[0]! };
  }
  if (!problem) return { id: ID, status: 'passed', code: 'key_usage_valid' };
  const params = {
    subject: summarize(problem.subject).subject,
    reason: problem.reason,
    ...(problem.oid ? { oid: problem.oid } : {}),
  };
  return { id: ID, status: 'failed', code: problem.code, params };
}
