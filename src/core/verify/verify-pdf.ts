import { createHash } from 'node:crypto';
import { DocsealError } from '../errors.js';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../limits.js';
import { nameValue } from '../pdf/objects.js';
import { PdfFile } from '../pdf/pdf-file.js';
import { checkIntegrity } from './checks/integrity.js';
import { checkStructure } from './checks/structure.js';
import { checkTimestamp } from './checks/timestamp.js';
import { checkTrust } from './checks/trust.js';
import { readCmsFacts } from './cms-facts.js';
import { analyseModifications, MODIFICATION_WARNINGS } from './diff/analyse.js';
import { parsePdfDate } from './pdf-date.js';
import type { Check, ModificationFinding, SignatureReport, VerificationReport } from './report.js';
import { PrefixHashes } from './prefix-hashes.js';
import { hasTrailingBytes, revisionsOf, type Revision } from './revisions.js';
import { startXrefTargets, unreferencedDefinitions } from './structure-scan.js';
import { discoverSignatures, type FoundSignature } from './signature-discovery.js';
import { textOf } from '../pdf/text-string.js';
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
  const limits = input.limits ?? DEFAULT_PDF_LIMITS;
  const { file, checks: warnings } = openForVerification(input.bytes, limits);
  const revisions = revisionsOf(file);
  const hashes = new PrefixHashes(file.bytes);
  const signatures = discoverSignatures(file).map((sig) => verifySignature(file, sig, revisions, input, hashes));
  if (hasTrailingBytes(file, revisions)) warnings.push({ id: 'modifications', status: 'failed', code: 'trailing_bytes' });
  for (const orphan of orphanChains(file, limits)) {
    // A revision no longer reachable from the newest trailer still holds what it signed: report its
    // signatures, and the broken chain itself (the "wrong /Prev" incremental-saving variant).
    warnings.push({ id: 'structure', status: 'failed', code: 'revision_chain_broken' });
    const seen = new Set(signatures.map((s) => s.objectNumber));
    const orphanRevisions = revisionsOf(orphan);
    for (const sig of discoverSignatures(orphan)) {
      if (!seen.has(sig.ref?.num ?? -1)) signatures.push(verifySignature(orphan, sig, orphanRevisions, input, hashes));
    }
  }
  warnings.push(...ambiguityChecks(file, signatures));
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
 * Opens the file as the verifier must: data before the header, and an update whose cross-reference
 * section cannot be read, are findings about an otherwise readable signed file, not reasons to refuse it.
 */
function openForVerification(bytes: Buffer, limits: PdfLimits): { file: PdfFile; checks: Check[] } {
  const header = bytes.subarray(0, 1024).indexOf('%PDF-');
  const checks: Check[] = header > 0 ? [{ id: 'structure', status: 'failed', code: 'data_before_header', params: { bytes: header } }] : [];
  try {
    return { file: PdfFile.open(bytes, limits), checks };
  } catch (e) {
    if (!(e instanceof DocsealError) || e.code !== 'corrupt_pdf') throw e;
    if (header > 0) {
      const shifted = attempt(() => PdfFile.open(bytes.subarray(header), limits));
      if (shifted) return { file: shifted, checks };
    }
    for (const target of startXrefTargets(bytes).reverse().slice(1, 20)) {
      const earlier = attempt(() => PdfFile.open(bytes, limits, target));
      if (earlier) return { file: earlier, checks: [...checks, { id: 'structure', status: 'failed', code: 'unreadable_update' }] };
    }
    throw e;
  }
}

/** Chains that start at some other `startxref` in the file and do not belong to the main one. */
function orphanChains(file: PdfFile, limits: PdfLimits): PdfFile[] {
  const known = new Set(file.sections.map((s) => s.offset));
  const out: PdfFile[] = [];
  const targets = [...new Set(startXrefTargets(file.bytes))].filter((t) => !known.has(t));
  // Bounded: each attempt reads a chain; a file with thousands of markers gets no more than 50 reads.
  for (const target of targets.slice(0, 50)) {
    if (out.length >= 10) break;
    const other = attempt(() => PdfFile.open(file.bytes, limits, target));
    if (other && !other.sections.every((s) => known.has(s.offset))) out.push(other);
  }
  return out;
}

/**
 * Content masking (ATTACKS.md): structures other readers would read differently. An object defined
 * in the body but listed by no cross-reference section, after a signed revision, is a change no
 * signature covers; anything else ambiguous is reported as a warning.
 */
function ambiguityChecks(file: PdfFile, signatures: readonly SignatureReport[]): Check[] {
  const hidden = unreferencedDefinitions(file);
  const kinds = [...file.ambiguities];
  if (hidden.length > 0) kinds.push('unreferenced_object_definition');
  if (kinds.length === 0) return [];
  const signedEnds = signatures.map((s) => (s.byteRange?.length === 4 ? s.byteRange[2]! + s.byteRange[3]! : Infinity));
  const firstSignedEnd = Math.min(...signedEnds, Infinity);
  const afterSigning = hidden.some((d) => d.offset >= firstSignedEnd);
  return [{ id: 'modifications', status: afterSigning ? 'failed' : 'warning', code: 'ambiguous_structure', params: { kinds } }];
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export function finishReport(facts: VerificationFacts, registry: VerificationReport['registry']): VerificationReport {
  const verdict = documentVerdict(
    facts.report.signatures.map((s) => s.verdict),
    facts.report.warnings,
    registry,
  );
  return { ...facts.report, verdict, registry };
}

type SignedBytes = { file: PdfFile; contents: Buffer; byteRange: readonly [number, number, number, number] };

type CmsOutcome = { checks: Check[]; signer?: SignatureReport['signer']; chain: SignatureReport['chain']; provenTime?: Date };

/**
 * Integrity, the signature-time-stamp token and trust of one signature's CMS. A trusted timestamp's
 * genTime, not the claimed /M, is when the signer's certificates must have been valid (EN 319 102-1,
 * validation of signatures with time).
 */
function verifyCms(signed: SignedBytes, claimedDate: Date | undefined, input: VerifyInput, hashes: PrefixHashes): CmsOutcome {
  const cms = readCmsFacts(signed.contents);
  if (!cms.facts) return { checks: cms.check ? [cms.check] : [], chain: [] };
  const integrity = checkIntegrity({ facts: cms.facts, rangeDigest: (alg) => hashes.range(alg, signed.byteRange) });
  const checks: Check[] = [...integrity.checks];
  const token = cms.facts.signerInfo.timeStampToken;
  const timestamp = token
    ? checkTimestamp({ token, signatureValue: cms.facts.signerInfo.signature, anchors: input.anchors, now: input.now, crls: input.crls })
    : undefined;
  if (timestamp) checks.push(...timestamp.checks);
  if (!integrity.signer) return { checks, chain: [], provenTime: timestamp?.time };
  const trust = checkTrust({
    signer: integrity.signer,
    certificates: cms.facts.certificates,
    anchors: [...input.anchors],
    at: timestamp?.time ?? claimedDate ?? input.now,
    now: input.now,
    crls: [...(input.crls ?? [])],
  });
  checks.push(...trust.checks);
  return { checks, signer: trust.signerSummary, chain: trust.chain, provenTime: timestamp?.time };
}

function verifySignature(file: PdfFile, sig: FoundSignature, revisions: readonly Revision[], input: VerifyInput, hashes: PrefixHashes): SignatureReport {
  const structure = checkStructure(file, sig, revisions);
  const checks: Check[] = [...structure.checks];
  const claimed = textOf(sig.dict.get('M'));
  const claimedDate = claimed ? parsePdfDate(claimed) : undefined;
  let outcome: CmsOutcome = { checks: [], chain: [] };
  let modifications: SignatureReport['modifications'] = [];
  let certification: SignatureReport['certification'];
  if (structure.contents && structure.byteRange) {
    outcome = verifyCms({ file, contents: structure.contents, byteRange: structure.byteRange }, claimedDate, input, hashes);
    checks.push(...outcome.checks);
    const revision = revisions[structure.coveredRevision!]!;
    const analysis = analyseModifications({ file, signedSection: revision.section, signatureObject: sig.ref!.num });
    modifications = analysis.findings;
    certification = analysis.certification;
    checks.push(...modificationChecks(modifications));
  }
  checks.push(claimedTimeCheck(claimed, claimedDate, outcome.provenTime));
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
    signer: outcome.signer,
    chain: outcome.chain,
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

/** A signing application's clock may lag the TSA's a little; beyond this the claim contradicts the token. */
const CLAIMED_TIME_TOLERANCE_MS = 5 * 60_000;

/**
 * The /M time is what the signer claims; only a timestamp token proves a time (EN 319 142-1 §5.3).
 * A trusted token proves the signature existed at genTime, so a claim up to genTime (plus clock
 * tolerance) is consistent with it (`claimed_time_proven`, both times given); a claim later than that
 * is contradicted (`claimed_time_after_timestamp`, a warning: the proven time still governs trust).
 */
function claimedTimeCheck(raw: string | undefined, parsed: Date | undefined, proven: Date | undefined): Check {
  if (!raw) return { id: 'claimed-time', status: 'info', code: 'claimed_time_absent' };
  if (!parsed) return { id: 'claimed-time', status: 'warning', code: 'claimed_time_unparseable' };
  const time = parsed.toISOString();
  if (!proven) return { id: 'claimed-time', status: 'info', code: 'claimed_time_unverified', params: { time } };
  const params = { time, timestampTime: proven.toISOString() };
  if (parsed.getTime() > proven.getTime() + CLAIMED_TIME_TOLERANCE_MS) {
    return { id: 'claimed-time', status: 'warning', code: 'claimed_time_after_timestamp', params };
  }
  return { id: 'claimed-time', status: 'info', code: 'claimed_time_proven', params };
}

