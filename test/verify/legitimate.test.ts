import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import type { CheckId, SignatureReport, VerificationReport } from '../../src/core/verify/report.js';
import {
  LEGITIMATE_FIXTURE_NAMES,
  makeLegitimateFixtures,
  type LegitimateFixture,
  type LegitimateSet,
} from '../helpers/independent-signers.js';
import { signingKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';

/**
 * Legitimately signed files (docseal's own, pyHanko's from an independent openssl PKI, and both in
 * turn) must verify as what they are: a verifier that cries wolf on honest files is useless too.
 */
const CHECKS_EVERY_SIGNATURE_HAS: readonly CheckId[] = [
  'structure',
  'integrity.digest',
  'integrity.signature',
  'integrity.signing-certificate',
  'trust.chain',
  'trust.validity',
  'trust.key-usage',
  'trust.revocation',
  'claimed-time',
];

let dir: string;
let set: LegitimateSet;
const reports = new Map<string, VerificationReport>();

beforeAll(async () => {
  dir = makeTempDir('docseal-legit-');
  set = await makeLegitimateFixtures(dir, await signingKit());
  // Certificates from openssl start at the real time of the run, so the check runs at the real time too.
  const now = new Date();
  for (const f of set.fixtures) reports.set(f.name, finishReport(verifyPdf({ bytes: f.pdf, anchors: set.anchors, now }), []));
});

afterAll(() => removeDir(dir));

function fixture(name: string): { f: LegitimateFixture; report: VerificationReport } {
  const f = set.fixtures.find((x) => x.name === name)!;
  return { f, report: reports.get(name)! };
}

/** The report's signatures in signing order (oldest revision first). */
function inSigningOrder(report: VerificationReport): SignatureReport[] {
  return [...report.signatures].sort((a, b) => (a.coveredRevision ?? -1) - (b.coveredRevision ?? -1));
}

function describeChecks(s: SignatureReport): string {
  return `${s.fieldName}: ${s.checks.map((c) => `${c.id}=${c.status}/${c.code}`).join(', ')}; modifications: ${
    s.modifications.filter((m) => !m.allowed).map((m) => `${m.revision}/${m.objectNumber}:${m.code}`).join(', ')}`;
}

describe('legitimate signatures verify', () => {
  it('makes every listed fixture', () => {
    expect(set.fixtures.map((f) => f.name).sort()).toEqual([...LEGITIMATE_FIXTURE_NAMES].sort());
  });

  describe.each(LEGITIMATE_FIXTURE_NAMES)('%s', (name) => {
    it('gets the expected document verdict', () => {
      const { f, report } = fixture(name);
      expect(report.verdict, report.signatures.map(describeChecks).join('\n')).toBe(f.verdict);
      expect(report.warnings.filter((w) => w.status === 'failed')).toEqual([]);
    });

    it('finds every signature field, in signing order', () => {
      const { f, report } = fixture(name);
      expect(inSigningOrder(report).map((s) => s.fieldName)).toEqual(f.fields);
      expect(report.revisions).toBeGreaterThan(f.fields.length);
    });

    it('lists every check for every signature, none failed but trust for an unknown root', () => {
      const { f, report } = fixture(name);
      for (const s of report.signatures) {
        expect(s.checks.map((c) => c.id), s.fieldName).toEqual(expect.arrayContaining([...CHECKS_EVERY_SIGNATURE_HAS]));
        const failed = s.checks.filter((c) => c.status === 'failed').map((c) => `${c.id}/${c.code}`);
        expect(failed, describeChecks(s)).toEqual(f.verdict === 'valid' ? [] : ['trust.chain/chain_untrusted']);
        expect(s.verdict, describeChecks(s)).toBe(f.verdict);
        expect(s.signer?.subject, s.fieldName).toBeTruthy();
      }
    });

    it('says only the last signature covers the whole file; earlier ones see allowed changes only', () => {
      const { report } = fixture(name);
      const ordered = inSigningOrder(report);
      ordered.forEach((s, i) => {
        const last = i === ordered.length - 1;
        expect(s.coversWholeFile, s.fieldName).toBe(last);
        if (last) expect(s.modifications, s.fieldName).toEqual([]);
        else {
          expect(s.modifications.length, s.fieldName).toBeGreaterThan(0);
          expect(s.modifications.filter((m) => !m.allowed), describeChecks(s)).toEqual([]);
        }
      });
    });

    it('reports a certification only where the document is certified', () => {
      const { f, report } = fixture(name);
      const first = inSigningOrder(report)[0]!;
      expect(first.certification).toEqual(f.certification ? { permission: f.certification } : undefined);
    });
  });

  it('checks the signature-time-stamp token pyHanko embedded (DummyTimeStamper)', () => {
    const { f, report } = fixture('pyhanko-timestamped');
    for (const field of f.timestamped ?? []) {
      const s = report.signatures.find((x) => x.fieldName === field)!;
      const ts = s.checks.find((c) => c.id === 'timestamp');
      expect(ts, describeChecks(s)).toBeDefined();
      expect(ts!.status, describeChecks(s)).toBe('passed');
    }
  });

  it('names the signer and the chain up to the anchor', () => {
    const { report } = fixture('pyhanko-rsa-chain');
    const s = report.signatures[0]!;
    expect(s.signer?.subject).toContain('Independent RSA Signer');
    expect(s.chain.map((c) => c.subject).join(' | ')).toContain('Independent Issuing CA');
  });
});
