import { createHash } from 'node:crypto';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../limits.js';
import { nameValue } from '../pdf/objects.js';
import { PdfFile } from '../pdf/pdf-file.js';
import { checkIntegrity } from './checks/integrity.js';
import { checkStructure } from './checks/structure.js';
import { checkTrust } from './checks/trust.js';
import { readCmsFacts } from './cms-facts.js';
import { analyseModifications, MODIFICATION_WARNINGS } from './diff/analyse.js';
import { parsePdfDate } from './pdf-date.js';
import type { Check, ModificationFinding, SignatureReport, VerificationReport } from './report.js';
import { hasTrailingBytes, revisionsOf, type Revision } from './revisions.js';
import { discoverSignatures, textOf, type FoundSignature } from './signature-discovery.js';
import { documentVerdict, signatureVerdict } from './verdict.js';

export type VerifyInput = {
  readonly bytes: Buffer;
  /** DER certificates of the trust anchors. */
  readonly anchors: readonly Buffer[];
  /** DER CRLs we hold. */
  readonly crls?: readonly Buffer[];
  /** The caller's clock (the core never reads it). */
  readonly now: Date;
  readonly limits?: PdfLimits;
};

/** What the registry lookup needs: the whole file's hash and each signed revision's. */
export type VerificationFacts = {
  readonly report: Omit<VerificationReport, 'verdict' | 'registry'>;
  readonly revisionHashes: readonly { revision: number; sha256: string }[];
};

/**
 * Gathers facts, runs the checks, and leaves the document verdict to `finishReport` once the registry
 * (a database lookup, outside the core) has been consulted. Throws only for files that are not PDFs or
 * cannot be read at all; a forged or broken signature is a result, not an error.
 */
export function verifyPdf(input: VerifyInput): VerificationFacts {
  const file = PdfFile.open(input.bytes, input.limits ?? DEFAULT_PDF_LIMITS);
  const revisions = revisionsOf(file);
  const found = discoverSignatures(file);
  const signatures = found.map((sig) => verifySignature(file, sig, revisions, input));
  const warnings: Check[] = [];
  if (hasTrailingBytes(file, revisions)) warnings.push({ id: 'modifications', status: 'failed', code: 'trailing_bytes' });
  const covered = new Set(signatures.map((s) => s.coveredRevision).filter((r): r is number => r !== undefined));
  return {
    report: {
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      size: input.bytes.length,
      revisions: revisions.length,
      signatures,
      warnings,
    },
    revisionHashes: [...covered].map((r) => ({
      revision: r,
      sha256: createHash('sha256').update(input.bytes.subarray(0, revisions[r]!.end)).digest('hex'),
    })),
  };
}

export function finishReport(facts: VerificationFacts, registry: VerificationReport['registry']): VerificationReport {
  const verdict = documentVerdict(
    facts.report.signatures.map((s) => s.verdict),
    facts.report.warnings,
    registry,
  );
  return { ...facts.report, verdict, registry };
}

function verifySignature(file: PdfFile, sig: FoundSignature, revisions: readonly Revision[], input: VerifyInput): SignatureReport {
  const structure = checkStructure(file, sig, revisions);
  const checks: Check[] = [...structure.checks];
  const claimed = textOf(sig.dict.get('M'));
  const claimedDate = claimed ? parsePdfDate(claimed) : undefined;
  let signer: SignatureReport['signer'];
  let chain: SignatureReport['chain'] = [];
  let modifications: SignatureReport['modifications'] = [];
  let certification: SignatureReport['certification'];
  if (structure.contents && structure.byteRange) {
    const cms = readCmsFacts(structure.contents);
    if (cms.check) checks.push(cms.check);
    if (cms.facts) {
      const integrity = checkIntegrity({ facts: cms.facts, rangeDigest: rangeDigester(file.bytes, structure.byteRange) });
      checks.push(...integrity.checks);
      if (integrity.signer) {
        const trust = checkTrust({
          signer: integrity.signer,
          certificates: cms.facts.certificates,
          anchors: [...input.anchors],
          at: claimedDate ?? input.now,
          now: input.now,
          crls: [...(input.crls ?? [])],
        });
        checks.push(...trust.checks);
        signer = trust.signerSummary;
        chain = trust.chain;
      }
    }
    const revision = revisions[structure.coveredRevision!]!;
    const analysis = analyseModifications({ file, signedSection: revision.section, signatureObject: sig.ref!.num });
    modifications = analysis.findings;
    certification = analysis.certification;
    checks.push(...modificationChecks(modifications));
  }
  checks.push(claimedTimeCheck(claimed, claimedDate));
  return {
    fieldName: sig.fieldName,
    objectNumber: sig.ref?.num ?? 0,
    subFilter: nameValue(sig.dict.get('SubFilter')),
    signerName: textOf(sig.dict.get('Name')),
    claimedSigningTime: claimedDate?.toISOString(),
    byteRange: structure.byteRange,
    coveredRevision: structure.coveredRevision,
    coversWholeFile: structure.byteRange ? structure.byteRange[2] + structure.byteRange[3] >= revisions[revisions.length - 1]!.end : false,
    certification,
    signer,
    chain,
    checks,
    modifications,
    verdict: signatureVerdict(checks, modifications),
  };
}

/** One check summing up the later changes, plus a warning per allowed change worth showing. */
function modificationChecks(findings: readonly ModificationFinding[]): Check[] {
  const forbidden = [...new Set(findings.filter((f) => !f.allowed).map((f) => f.code))];
  const out: Check[] = [
    forbidden.length > 0
      ? { id: 'modifications', status: 'failed', code: 'forbidden_changes', params: { changes: forbidden } }
      : { id: 'modifications', status: 'passed', code: findings.length > 0 ? 'only_allowed_changes' : 'no_changes' },
  ];
  for (const code of new Set(findings.filter((f) => f.allowed && MODIFICATION_WARNINGS.has(f.code)).map((f) => f.code))) {
    out.push({ id: 'modifications', status: 'warning', code });
  }
  return out;
}

/** The /M time is what the signer claims; only a timestamp token would prove it (EN 319 142-1 §5.3). */
function claimedTimeCheck(raw: string | undefined, parsed: Date | undefined): Check {
  if (!raw) return { id: 'claimed-time', status: 'info', code: 'claimed_time_absent' };
  if (!parsed) return { id: 'claimed-time', status: 'warning', code: 'claimed_time_unparseable' };
  return { id: 'claimed-time', status: 'info', code: 'claimed_time_unverified', params: { time: parsed.toISOString() } };
}

/** Hashes the two signed ranges once per algorithm asked for. */
function rangeDigester(bytes: Buffer, br: readonly [number, number, number, number]) {
  const cache = new Map<string, Buffer>();
  return (alg: string): Buffer => {
    let d = cache.get(alg);
    if (!d) {
      d = createHash(alg).update(bytes.subarray(br[0], br[0] + br[1])).update(bytes.subarray(br[2], br[2] + br[3])).digest();
      cache.set(alg, d);
    }
    return d;
  };
}
