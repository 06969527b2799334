import { describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { makeAcroFormPdf, makeClassicXrefPdf, makeRotatedMultiPagePdf, makeXrefStreamPdf } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor } from '../helpers/signing-setup.js';
import { mutateCase, type FuzzSeed } from './pdf-mutations.js';

/**
 * Bounded fuzzing of the signer: mutated uploads are signed or refused with a
 * client-error code, never with another exception (which the HTTP layer would have to answer with 500).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5196);
const MAX_CASES = Number(process.env.FUZZ_SIGN_CASES ?? 1000);
const MAX_WALL_MS = 45_000;

describe('signPdf under fuzzing', () => {
  it('signs or refuses every mutated upload with a stable client-error code', async () => {
    const k = await signingKit();
    const bases = [await makeAcroFormPdf(), await makeXrefStreamPdf(), await makeClassicXrefPdf(), await makeRotatedMultiPagePdf()];
    const seeds: FuzzSeed[] = bases.map((pdf, i) => ({ name: `base-${i}`, pdf, signedSpans: [] }));
    const outcomes = new Map<string, number>();
    const crashes: string[] = [];
    const started = Date.now();
    let cases = 0;
    for (; cases < MAX_CASES && Date.now() - started < MAX_WALL_MS; cases++) {
      const c = mutateCase(seeds, SEED, cases);
      let outcome = 'signed';
      try {
        await signPdf(signRequestFor(k, 'demo', c.bytes, `FUZZ${cases}`));
      } catch (e) {
        if (e instanceof DocsealError && e.code !== 'internal') outcome = e.code;
        else crashes.push(`case ${cases} (${c.mutator}): ${e instanceof Error ? e.message : String(e)}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    console.log(`sign fuzz: ${cases} cases in ${Date.now() - started} ms`, Object.fromEntries(outcomes));
    expect(cases).toBeGreaterThan(100);
    expect(crashes).toEqual([]);
    expect(outcomes.get('signed') ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
