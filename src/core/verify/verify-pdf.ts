import { createHash } from 'node:crypto';
import { DEFAULT_PDF_LIMITS } from '../limits.js';
import { readDss } from './dss-reader.js';
import { ambiguityChecks, openForVerification, orphanChains } from './file-structure.js';
import { PrefixHashes } from './prefix-hashes.js';
import type { VerificationReport } from './report.js';
import type { VerifyInput } from './verify-input.js';
import { hasTrailingBytes, revisionsOf } from './revisions.js';
import { discoverSignatures } from './signature-discovery.js';
import { documentVerdict } from './verdict.js';
import { verifySignature } from './verify-signature.js';

/**
 * What the registry lookup needs: the whole file's hash, each signed revision's, and what each
 * signature signed (`signedRangeSha256` of report.signatures), which is what still matches when the
 * unsigned /Contents gap has been re-spelled.
 */
export type VerificationFacts = {
  readonly report: Omit<VerificationReport, 'verdict' | 'registry' | 'originalOf'>;
  readonly revisionHashes: readonly { revision: number; sha256: string }[];
};

/**
 * Gathers facts, runs the checks, and leaves the document verdict to `finishReport` once the registry
 * (a database lookup, outside the core) has been consulted. Throws only for files that are not PDFs,
 * cannot be read at all or decode to more than `limits.maxDecodedBytes`; a forged or broken signature
 * is a result, not an error.
 */
export function verifyPdf(input: VerifyInput): VerificationFacts {
  const limits = input.limits ?? DEFAULT_PDF_LIMITS;
  const { file, checks: warnings } = openForVerification(input.bytes, limits);
  const revisions = revisionsOf(file);
  const hashes = new PrefixHashes(file.bytes);
  const dss = readDss(file);
  warnings.push(...dss.checks);
  const signatures = discoverSignatures(file).map((sig) => verifySignature(file, sig, revisions, input, hashes, dss));
  if (hasTrailingBytes(file, revisions)) warnings.push({ id: 'modifications', status: 'failed', code: 'trailing_bytes' });
  for (const orphan of orphanChains(file, limits)) {
    // A revision no longer reachable from the newest trailer still holds what it signed: report its
    // signatures, and the broken chain itself (the "wrong /Prev" incremental-saving variant).
    warnings.push({ id: 'structure', status: 'failed', code: 'revision_chain_broken' });
    const seen = new Set(signatures.map((s) => s.objectNumber));
    const orphanRevisions = revisionsOf(orphan);
    for (const sig of discoverSignatures(orphan)) {
      if (!seen.has(sig.ref?.num ?? -1)) signatures.push(verifySignature(orphan, sig, orphanRevisions, input, hashes, dss));
    }
  }
  warnings.push(...ambiguityChecks(file, signatures));
  // Checks that cannot read a part of the file judge what they can; a part they could not read
  // because the job's decode budget ran out refuses the whole file instead (limit_exceeded).
  file.budget.assertWithin();
  // A signed revision is hashed exactly as its signature covers it (with or without the EOL after
  // %%EOF), which is what we recorded as sha256Signed when we issued it.
  const signedLengths = new Map<number, number>();
  for (const s of signatures) {
    const br = s.byteRange;
    if (s.coveredRevision !== undefined && br?.length === 4) signedLengths.set(s.coveredRevision, br[2]! + br[3]!);
  }
  return {
    report: {
      sha256: (file.bytes === input.bytes ? hashes.prefix('sha256', input.bytes.length) : createHash('sha256').update(input.bytes).digest()).toString('hex'),
      size: input.bytes.length,
      revisions: revisions.length,
      signatures,
      warnings,
    },
    revisionHashes: [...signedLengths].map(([revision, length]) => ({
      revision,
      sha256: hashes.prefix('sha256', length).toString('hex'),
    })),
  };
}

/**
 * The report once the registry has been consulted: the records the file matches decide the verdict
 * with its signatures; the documents issued from it (`originalOf`) are only named.
 */
export function finishReport(
  facts: VerificationFacts,
  registry: VerificationReport['registry'],
  originalOf: VerificationReport['originalOf'] = [],
): VerificationReport {
  const verdict = documentVerdict(
    facts.report.signatures.map((s) => s.verdict),
    facts.report.warnings,
    registry,
  );
  return { ...facts.report, verdict, registry, originalOf };
}
