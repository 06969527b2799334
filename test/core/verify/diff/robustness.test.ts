import { describe, expect, it } from 'vitest';
import { isDocsealError } from '../../../../src/core/errors.js';
import { analyseModifications } from '../../../../src/core/verify/diff/analyse.js';
import { makeAcroFormPdf } from '../../../helpers/pdf-fixtures.js';
import { open, signWithDocseal } from './diff-fixtures.js';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('analyseModifications on damaged later revisions', () => {
  it('never throws: a reader error becomes a finding', async () => {
    const once = await signWithDocseal(await makeAcroFormPdf());
    const twice = await signWithDocseal(once, 'DOC-2');
    const rand = prng(20261127);
    let analysed = 0;
    for (let i = 0; i < 400; i++) {
      const bytes = Buffer.from(twice);
      // Damage only the second signature's revision, so the first one still opens as signed.
      for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
        const at = once.length + Math.floor(rand() * (twice.length - once.length));
        bytes[at] = Math.floor(rand() * 256);
      }
      let file;
      try {
        file = open(bytes);
      } catch (e) {
        expect(isDocsealError(e)).toBe(true);
        continue;
      }
      if (file.sections.length < 2) continue;
      const a = analyseModifications({ file, signedSection: 1, signatureObject: 1 });
      expect(Array.isArray(a.findings)).toBe(true);
      analysed++;
    }
    expect(analysed).toBeGreaterThan(50);
  });
});
