import { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Check, SignatureReport, SignatureVerdict } from '../../src/core/verify/report.js';
import { finishReport, type VerificationFacts } from '../../src/core/verify/verify-pdf.js';
import { registryMatches } from '../../src/services/verify-document.js';
import type { DocumentRecord } from '../../src/storage/models/document.js';

/** Recorded facts (DSS style): the registry decision is tested on data, without a file or a database. */
const hex = (c: string): string => c.repeat(64);
const FILE = hex('f');
const RANGE = hex('d');

function signature(overrides: Partial<SignatureReport> & { verdict?: SignatureVerdict } = {}): SignatureReport {
  const verdict = overrides.verdict ?? 'valid';
  const checks: Check[] =
    verdict === 'invalid' ? [{ id: 'integrity.digest', status: 'failed', code: 'digest_mismatch' }] : [{ id: 'integrity.digest', status: 'passed', code: 'message_digest_matches' }];
  return {
    fieldName: 'docseal-DOC1',
    objectNumber: 12,
    subFilter: 'ETSI.CAdES.detached',
    signerName: undefined,
    claimedSigningTime: undefined,
    byteRange: [0, 100, 200, 50],
    coveredRevision: 1,
    coversWholeFile: true,
    certification: undefined,
    signer: undefined,
    chain: [],
    signedRangeSha256: RANGE,
    checks,
    modifications: [],
    ...overrides,
    verdict,
  };
}

function facts(signatures: SignatureReport[], revisionHashes: VerificationFacts['revisionHashes'] = []): VerificationFacts {
  return { report: { sha256: FILE, size: 250, revisions: 2, signatures, warnings: [] }, revisionHashes };
}

function record(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    _id: 'doc1',
    department: 'demo',
    sha256Original: hex('0'),
    sha256Signed: hex('a'),
    sha256SignedRange: RANGE,
    fileId: new mongo.ObjectId(),
    size: 250,
    status: 'active',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    signedAt: new Date('2026-01-01T00:00:00Z'),
    fieldName: 'docseal-doc1',
    page: 1,
    warnings: [],
    ...overrides,
  };
}

const REVOKED = { status: 'revoked', revocationReason: 'Issued in error' } as const;

describe('registryMatches', () => {
  it('matches a re-spelled file by its signature: the bytes it covers hash alike', () => {
    expect(registryMatches(facts([signature()]), [record(REVOKED)])).toEqual([
      { documentId: 'doc1', department: 'demo', ...REVOKED, matched: 'signature', objectNumber: 12, fieldName: 'docseal-DOC1' },
    ]);
  });

  it('names the signature that matched, among several', () => {
    const other = signature({ objectNumber: 30, fieldName: 'other', signedRangeSha256: hex('1') });
    expect(registryMatches(facts([other, signature()]), [record()])).toEqual([expect.objectContaining({ matched: 'signature', objectNumber: 12 })]);
  });

  it('does not match other covered bytes', () => {
    expect(registryMatches(facts([signature({ signedRangeSha256: hex('e') })]), [record()])).toEqual([]);
  });

  it('never matches on absent values: an unusable /ByteRange and a record made before it was recorded', () => {
    const unreadable = signature({ signedRangeSha256: undefined });
    const legacy = record({ sha256SignedRange: undefined });
    expect(registryMatches(facts([unreadable]), [legacy])).toEqual([]);
    expect(registryMatches(facts([signature()]), [legacy])).toEqual([]);
    expect(registryMatches(facts([unreadable]), [record()])).toEqual([]);
  });

  it('keeps the file and revision matches, for new and old records alike, as the one entry per record', () => {
    expect(registryMatches(facts([signature()]), [record({ sha256Signed: FILE })])).toEqual([expect.objectContaining({ documentId: 'doc1', matched: 'file' })]);
    const legacy = record({ sha256Signed: hex('b'), sha256SignedRange: undefined });
    expect(registryMatches(facts([signature()], [{ revision: 1, sha256: hex('b') }]), [legacy])).toEqual([expect.objectContaining({ matched: 1 })]);
  });

  it('does not take the submitted original for something we issued', () => {
    expect(registryMatches(facts([]), [record({ sha256Original: FILE, sha256SignedRange: undefined })])).toEqual([]);
  });
});

describe('the verdict with a signature match', () => {
  it('is revoked for a revoked document, whether or not the signature is intact', () => {
    for (const verdict of ['valid', 'invalid'] as const) {
      const f = facts([signature({ verdict })]);
      expect(finishReport(f, registryMatches(f, [record(REVOKED)])).verdict, verdict).toBe('revoked');
    }
  });

  it('never lets an active match make a broken signature valid (our signed bytes under a CMS that fails)', () => {
    const f = facts([signature({ verdict: 'invalid' })]);
    const matches = registryMatches(f, [record()]);
    expect(matches).toEqual([expect.objectContaining({ matched: 'signature', status: 'active' })]);
    expect(finishReport(f, matches).verdict).toBe('invalid');
  });
});
