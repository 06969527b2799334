import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { TEST_NOW } from '../helpers/signing-setup.js';
import { EXPECTED_VERDICTS } from './expected-verdicts.js';
import { ALL_GENERATORS } from './generators/all.js';
import { makeAttackContext, type AttackContext } from './lib/context.js';
import { readersShowingForgery, renderAsReaders } from './lib/render.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';

/** A day after the frozen signing time: every certificate of the suite is valid then, except the expired one. */
const VERIFY_NOW = new Date(TEST_NOW.getTime() + 86_400_000);
/** docs/verifier-defences.md "Hostile structure": a verdict within a fixed time, asserted for the denial-of-service rows only. */
const DOS_BUDGET_MS = 5_000;

/** Every stable code the report carries: signature checks, modification findings, file warnings. */
function reportCodes(report: VerificationReport): string[] {
  const codes = [
    ...report.warnings.map((w) => w.code),
    ...report.signatures.flatMap((s) => [...s.checks.filter((c) => c.status !== 'passed').map((c) => c.code), ...s.modifications.map((m) => m.code)]),
  ];
  return [...new Set(codes)];
}

function hasCode(codes: readonly string[], wanted: string): boolean {
  return codes.some((c) => c === wanted || c.startsWith(`${wanted}:`));
}

type Outcome = { verdict: string; codes: string[]; ms: number; signedEnd?: number };

/** Where the first signed revision ends: what its signer saw is the file up to there. */
function firstSignedEnd(report: VerificationReport): number | undefined {
  const ends = report.signatures.flatMap((s) => (s.coveredRevision !== undefined && s.byteRange?.length === 4 ? [s.byteRange[2]! + s.byteRange[3]!] : []));
  return ends.length > 0 ? Math.min(...ends) : undefined;
}

function verify(ctx: AttackContext, bytes: Buffer): Outcome {
  const start = performance.now();
  try {
    const report = finishReport(verifyPdf({ bytes, anchors: [...ctx.anchors], now: VERIFY_NOW }), []);
    return { verdict: report.verdict, codes: reportCodes(report), ms: performance.now() - start, signedEnd: firstSignedEnd(report) };
  } catch (e) {
    // A refusal is reported as such so the table shows it; it never matches an expected verdict.
    if (e instanceof DocsealError) return { verdict: `refused:${e.code}`, codes: [e.code], ms: performance.now() - start };
    throw e;
  }
}

describe('forged files get the verdict their attack class calls for', () => {
  let ctx: AttackContext;
  let renders: string;
  beforeAll(async () => {
    ctx = await makeAttackContext();
    renders = makeTempDir('docseal-attack-renders-');
  }, 300_000);
  afterAll(() => removeDir(renders));

  it('the table and the generators name the same attacks', () => {
    expect(EXPECTED_VERDICTS.map((r) => r.id).sort()).toEqual(Object.keys(ALL_GENERATORS).sort());
    expect(new Set(EXPECTED_VERDICTS.map((r) => r.id)).size).toBe(EXPECTED_VERDICTS.length);
  });

  for (const row of EXPECTED_VERDICTS) {
    it(`${row.class} ${row.id}: ${row.expected.verdict}${row.expected.signatureCode ? ` (${row.expected.signatureCode})` : ''}`, async () => {
      const bytes = await ALL_GENERATORS[row.id]!(ctx);
      const outcome = verify(ctx, bytes);
      if (row.dos) expect(outcome.ms).toBeLessThan(DOS_BUDGET_MS);
      const actual = {
        verdict: outcome.verdict,
        codeFound: row.expected.signatureCode === undefined || hasCode(outcome.codes, row.expected.signatureCode),
      };
      expect(actual, `codes reported: ${outcome.codes.join(', ') || '(none)'}`).toEqual({ verdict: row.expected.verdict, codeFound: true });
      // What the readers show: the forged text exactly where the table says, never under a valid verdict.
      const seen = renderAsReaders(renders, row.id, bytes);
      expect(readersShowingForgery(seen), 'readers showing the forged text').toEqual(row.shows ?? []);
      if (row.expected.verdict === 'valid' || row.expected.verdict === 'valid-untrusted') expect(row.shows ?? []).toEqual([]);
      if (row.shows?.includes('poppler') && outcome.signedEnd !== undefined) {
        const signed = renderAsReaders(renders, `${row.id}-signed`, bytes.subarray(0, outcome.signedEnd));
        expect(seen.popplerPixels.equals(signed.popplerPixels), 'pdftoppm draws the forgery, not the signed page').toBe(false);
      }
    });
  }
});
