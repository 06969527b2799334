import { isName, nameValue } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { textOf } from '../pdf/text-string.js';
import { checkIntegrity } from './checks/integrity.js';
import { checkStructure } from './checks/structure.js';
import { checkTimestamp } from './checks/timestamp.js';
import { checkTrust } from './checks/trust.js';
import { readCmsFacts } from './cms-facts.js';
import type { DssData } from './dss-reader.js';
import { analyseModifications, MODIFICATION_WARNINGS } from './diff/analyse.js';
import { parsePdfDate } from './pdf-date.js';
import type { PrefixHashes } from './prefix-hashes.js';
import type { Check, ModificationFinding, SignatureReport } from './report.js';
import type { Revision } from './revisions.js';
import type { FoundSignature } from './signature-discovery.js';
import { signatureVerdict } from './verdict.js';
import type { VerifyInput } from './verify-input.js';

type SignedBytes = { file: PdfFile; contents: Buffer; byteRange: readonly [number, number, number, number] };

/** What validation may use offline: the CRLs and certificates we hold and those the file embeds. */
type ValidationData = { crls: readonly Buffer[]; certificates: readonly Buffer[] };

function validationData(input: VerifyInput, dss: DssData): ValidationData {
  return { crls: [...(input.crls ?? []), ...dss.crls], certificates: dss.certificates };
}

type CmsOutcome = {
  checks: Check[];
  signer?: SignatureReport['signer'];
  chain: SignatureReport['chain'];
  provenTime?: Date;
};

/**
 * Integrity, the signature-time-stamp token and trust of one signature's CMS. A trusted timestamp's
 * genTime, not the claimed /M, is when the signer's certificates must have been valid (EN 319 102-1,
 * validation of signatures with time).
 */
function verifyCms(signed: SignedBytes, claimedDate: Date | undefined, input: VerifyInput, hashes: PrefixHashes, data: ValidationData): CmsOutcome {
  const cms = readCmsFacts(signed.contents);
  if (!cms.facts) return { checks: cms.check ? [cms.check] : [], chain: [] };
  const integrity = checkIntegrity({ facts: cms.facts, rangeDigest: (alg) => hashes.range(alg, signed.byteRange) });
  const checks: Check[] = [...integrity.checks];
  const token = cms.facts.signerInfo.timeStampToken;
  const timestamp = token
    ? checkTimestamp({ token, covered: { bytes: cms.facts.signerInfo.signature }, anchors: input.anchors, now: input.now, crls: data.crls })
    : undefined;
  if (timestamp) checks.push(...timestamp.checks);
  if (!integrity.signer) return { checks, chain: [], provenTime: timestamp?.time };
  const trust = checkTrust({
    signer: integrity.signer,
    certificates: [...cms.facts.certificates, ...data.certificates],
    anchors: [...input.anchors],
    at: timestamp?.time ?? claimedDate ?? input.now,
    proven: timestamp?.time !== undefined,
    now: input.now,
    crls: [...data.crls, ...cms.facts.crls],
  });
  checks.push(...trust.checks);
  return { checks, signer: trust.signerSummary, chain: trust.chain, provenTime: timestamp?.time };
}

/**
 * A document timestamp (ISO 32000-2 §12.8.5, ETSI EN 319 142-1 §5.4: /Type /DocTimeStamp, SubFilter
 * ETSI.RFC3161) is an RFC 3161 token whose imprint is the digest of the ByteRange. An untrusted TSA
 * proves nothing, which the verdict shows as an untrusted chain.
 */
function verifyDocumentTimestamp(signed: SignedBytes, input: VerifyInput, hashes: PrefixHashes, data: ValidationData): CmsOutcome {
  const ts = checkTimestamp({
    token: signed.contents,
    covered: { digest: (alg) => hashes.range(alg, signed.byteRange) },
    anchors: input.anchors,
    now: input.now,
    crls: data.crls,
  });
  const checks: Check[] = [...ts.checks];
  if (ts.checks.some((c) => c.code === 'timestamp_untrusted')) checks.push({ id: 'trust.chain', status: 'failed', code: 'chain_untrusted' });
  return { checks, chain: [], provenTime: ts.time };
}

function isDocumentTimestamp(dict: FoundSignature['dict']): boolean {
  return isName(dict.get('Type'), 'DocTimeStamp') || isName(dict.get('SubFilter'), 'ETSI.RFC3161');
}

/** Every check of one signature, in the order facts depend on each other. */
export function verifySignature(
  file: PdfFile,
  sig: FoundSignature,
  revisions: readonly Revision[],
  input: VerifyInput,
  hashes: PrefixHashes,
  dss: DssData,
): SignatureReport {
  const structure = checkStructure(file, sig, revisions);
  const checks: Check[] = [...structure.checks];
  const claimed = textOf(sig.dict.get('M'));
  const claimedDate = claimed ? parsePdfDate(claimed) : undefined;
  let outcome: CmsOutcome = { checks: [], chain: [] };
  let modifications: SignatureReport['modifications'] = [];
  let certification: SignatureReport['certification'];
  if (structure.contents && structure.byteRange) {
    const signed = { file, contents: structure.contents, byteRange: structure.byteRange };
    const data = validationData(input, dss);
    outcome = isDocumentTimestamp(sig.dict) ? verifyDocumentTimestamp(signed, input, hashes, data) : verifyCms(signed, claimedDate, input, hashes, data);
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
    signedRangeSha256: structure.byteRange ? hashes.range('sha256', structure.byteRange).toString('hex') : undefined,
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

