import type { Check, ModificationFinding, RegistryMatch, SignatureVerdict, Verdict } from './report.js';

/**
 * Verdicts are derived from the checks, never stored beside them. Order matters:
 * a broken signature is invalid whatever else holds; an intact one with forbidden later changes is
 * modified; an intact, unmodified one whose chain reaches no anchor is valid-untrusted.
 */
const INVALIDATING: ReadonlySet<Check['id']> = new Set([
  'structure',
  'integrity.digest',
  'integrity.signature',
  'integrity.signing-certificate',
  'coverage',
  'trust.validity',
  'trust.key-usage',
  'trust.revocation',
  'timestamp',
]);

export function signatureVerdict(checks: readonly Check[], modifications: readonly ModificationFinding[]): SignatureVerdict {
  const failed = checks.filter((c) => c.status === 'failed');
  if (failed.some((c) => INVALIDATING.has(c.id))) return 'invalid';
  if (modifications.some((m) => !m.allowed) || failed.some((c) => c.id === 'modifications')) return 'modified';
  if (failed.some((c) => c.id === 'trust.chain')) return 'valid-untrusted';
  return 'valid';
}

const RANK: Record<SignatureVerdict, number> = { valid: 0, 'valid-untrusted': 1, modified: 2, invalid: 3 };

/**
 * The document's verdict is its worst signature's: one forged signature must not hide behind a good
 * one, and a good one cannot vouch for changes made after it (the USF row of the attack list).
 * A document we issued and revoked is revoked, whatever its signatures say. A registry match never
 * makes a file valid: a signature matched by the bytes it covers may carry a CMS that fails, and its
 * failed check still decides an active document.
 */
export function documentVerdict(signatures: readonly SignatureVerdict[], fileChecks: readonly Check[], registry: readonly RegistryMatch[]): Verdict {
  if (registry.some((m) => m.status === 'revoked')) return 'revoked';
  if (signatures.length === 0) return 'unsigned';
  let worst: SignatureVerdict = 'valid';
  for (const v of signatures) if (RANK[v] > RANK[worst]) worst = v;
  const failed = fileChecks.filter((c) => c.status === 'failed');
  // A broken file structure (data before the header, an unreadable update, a broken revision chain)
  // is invalid; bytes no signature explains (trailing data, masked objects) are a modification.
  if (failed.some((c) => c.id === 'structure')) return 'invalid';
  if (worst !== 'invalid' && failed.length > 0) return 'modified';
  return worst;
}
