import { createHash } from 'node:crypto';
import { HASH_BY_OID, OID } from '../../cms/oids.js';
import { readCertificate, summarize } from '../certificate-facts.js';
import { readCmsFacts } from '../cms-facts.js';
import type { CmsFacts } from '../cms-facts-model.js';
import type { Check } from '../report.js';
import { isWeakHash } from '../signature-scheme.js';
import { readTstInfo, type TstInfoFacts } from '../tst-info.js';
import { checkIntegrity } from './integrity.js';
import { tsaPurposeProblem } from './tsa-purpose.js';
import { checkTrust } from './trust.js';

export type TimestampInput = {
  /** The TimeStampToken DER: a ContentInfo SignedData whose eContent is TSTInfo (RFC 3161 §2.4.2). */
  readonly token: Buffer;
  /**
   * What the token's imprint must be the digest of: a signature's SignerInfo.signature octets
   * (RFC 3161 Appendix A), or, for a document timestamp, its ByteRange (ETSI EN 319 142-1 §5.4).
   */
  readonly covered: { readonly bytes: Buffer } | { readonly digest: (alg: 'sha256' | 'sha384' | 'sha512') => Buffer };
  /** DER trust anchor certificates. */
  readonly anchors: readonly Buffer[];
  readonly now: Date;
  /** DER CRLs we hold. */
  readonly crls?: readonly Buffer[];
};

/** One 'timestamp' check; `time` is set only when a trusted TSA proves it. */
export type TimestampResult = { checks: Check[]; time?: Date };

type Read = { facts: CmsFacts; tst: TstInfoFacts } | { check: Check };

const failed = (code: string, params?: Check['params']): TimestampResult => ({
  checks: [{ id: 'timestamp', status: 'failed', code, ...(params ? { params } : {}) }],
});

function readToken(token: Buffer): Read {
  const cms = readCmsFacts(token, { encapsulatedType: OID.tstInfo });
  const malformed = (reason: string, detail: string): Read => ({
    check: { id: 'timestamp', status: 'failed', code: 'timestamp_malformed', params: { reason, detail } },
  });
  if (!cms.facts) return malformed(cms.check?.code ?? 'cms_malformed', String(cms.check?.params?.detail ?? ''));
  try {
    const tst = readTstInfo(cms.facts.encapsulatedContent!);
    if (tst.version !== 1) return malformed('tst_info_version', `version ${tst.version}`);
    return { facts: cms.facts, tst };
  } catch (e) {
    return malformed('tst_info_malformed', e instanceof Error ? e.message : 'unreadable');
  }
}

/** RFC 3161 Appendix A: messageImprint is the hash of the SignerInfo's signature value. */
function imprintProblem(tst: TstInfoFacts, covered: TimestampInput['covered']): TimestampResult | undefined {
  const hash = HASH_BY_OID[tst.imprint.hashAlgorithm];
  if (hash && isWeakHash(hash)) return failed('timestamp_weak_digest', { algorithm: hash });
  if (hash !== 'sha256' && hash !== 'sha384' && hash !== 'sha512') {
    return failed('timestamp_unsupported_digest', { algorithm: tst.imprint.hashAlgorithm });
  }
  const digest = 'bytes' in covered ? createHash(hash).update(covered.bytes).digest() : covered.digest(hash);
  if (!digest.equals(tst.imprint.hashedMessage)) {
    return failed('timestamp_imprint_mismatch', { algorithm: hash });
  }
  return undefined;
}

/**
 * The token is a CMS signature over its TSTInfo: the same integrity checks as a PAdES signature, with
 * content-type id-ct-TSTInfo. RFC 3161 §2.4.1 (and RFC 5816) make the ESS signing-certificate
 * attribute mandatory, so its absence fails here although it only warns for a PAdES signer.
 */
function tokenSignature(facts: CmsFacts, tstInfo: Buffer): { problem?: TimestampResult; signer?: Buffer } {
  const integrity = checkIntegrity({
    facts,
    rangeDigest: (alg) => createHash(alg).update(tstInfo).digest(),
    contentType: OID.tstInfo,
  });
  const bad = integrity.checks.find((c) => c.status !== 'passed');
  if (bad || !integrity.signer) {
    const params = { check: bad?.id ?? 'integrity.signature', reason: bad?.code ?? 'signer_certificate_missing' };
    return { problem: failed('timestamp_signature_invalid', params) };
  }
  return { signer: integrity.signer };
}

/**
 * The TSA certificate at genTime: validity, key usage or revocation at genTime fail the token; a
 * chain that reaches no anchor leaves the time unproven (a warning).
 */
function trustProblem(input: TimestampInput, facts: CmsFacts, signer: Buffer, genTime: Date): TimestampResult | undefined {
  const { anchors, now, crls } = input;
  const trust = checkTrust({ signer, certificates: facts.certificates, anchors, at: genTime, now, crls });
  const subject = trust.signerSummary.subject;
  const broken = trust.checks.find((c) => c.status === 'failed' && c.id !== 'trust.chain');
  if (broken) return failed('timestamp_certificate_invalid', { check: broken.id, reason: broken.code, tsa: subject });
  const chain = trust.checks.find((c) => c.id === 'trust.chain' && c.status === 'failed');
  if (!chain) return undefined;
  const params = { reason: chain.code, tsa: subject, time: genTime.toISOString() };
  return { checks: [{ id: 'timestamp', status: 'warning', code: 'timestamp_untrusted', params }] };
}

/**
 * A signature-time-stamp token (RFC 3161 Appendix A): its imprint covers the signature value, its own
 * signature covers the TSTInfo, and its TSA certificate is a trusted, time-stamping-only certificate
 * valid at genTime. Only then is genTime a proven time.
 */
export function checkTimestamp(input: TimestampInput): TimestampResult {
  const read = readToken(input.token);
  if ('check' in read) return { checks: [read.check] };
  const { facts, tst } = read;
  const imprint = imprintProblem(tst, input.covered);
  if (imprint) return imprint;
  const signature = tokenSignature(facts, facts.encapsulatedContent!);
  if (signature.problem) return signature.problem;
  const tsa = readCertificate(signature.signer!)!;
  const purpose = tsaPurposeProblem(tsa);
  if (purpose) return failed('timestamp_eku_missing', { reason: purpose, tsa: summarize(tsa).subject });
  const untrusted = trustProblem(input, facts, tsa.der, tst.genTime);
  if (untrusted) return untrusted;
  const params = { time: tst.genTime.toISOString(), tsa: summarize(tsa).subject };
  return { checks: [{ id: 'timestamp', status: 'passed', code: 'timestamp_valid', params }], time: tst.genTime };
}
