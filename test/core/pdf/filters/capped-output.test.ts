import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { CappedOutput } from '../../../../src/core/pdf/filters/capped-output.js';

/** xorshift32, so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('CappedOutput', () => {
  it('writes across many chunks exactly what a plain array model holds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = rng(seed);
      const out = new CappedOutput({ maxBytes: 1 << 24, budget: new DecodeBudget(1 << 24) }, 1);
      const model: number[] = [];
      const src = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff));
      for (let op = 0; op < 3000; op++) {
        const kind = Math.floor(r() * 4);
        if (kind === 0) {
          const b = Math.floor(r() * 256);
          out.byte(b);
          model.push(b);
        } else if (kind === 1) {
          const [b, n] = [Math.floor(r() * 256), Math.floor(r() * 3000)];
          out.repeat(b, n);
          for (let i = 0; i < n; i++) model.push(b);
        } else if (kind === 2) {
          const start = Math.floor(r() * 4000);
          const end = start + Math.floor(r() * 1000);
          out.copy(src, start, end);
          for (const b of src.subarray(start, end)) model.push(b);
        } else if (model.length > 0) {
          const from = Math.floor(r() * model.length);
          const n = Math.floor(r() * Math.min(5000, model.length - from));
          out.copyWithin(from, n);
          for (const b of model.slice(from, from + n)) model.push(b);
        }
        if (model.length > 0) {
          const i = Math.floor(r() * model.length);
          expect(out.at(i)).toBe(model[i]);
        }
      }
      expect(out.length).toBe(model.length);
      expect(out.finish().equals(Buffer.from(model)), `seed ${seed}`).toBe(true);
    }
  });

  it('charges what it wrote when it finishes, and refuses the first byte past either cap', () => {
    const budget = new DecodeBudget(10_000);
    const out = new CappedOutput({ maxBytes: 5000, budget }, 1);
    out.repeat(7, 5000);
    expect(() => out.byte(1)).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxBytes: 5000 } }));
    expect(budget.used).toBe(0);
    expect(out.finish()).toHaveLength(5000);
    expect(budget.used).toBe(5000);
    const next = new CappedOutput({ maxBytes: 1 << 20, budget }, 1);
    expect(() => next.repeat(0, 5001)).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: 10_000 } }));
    expect(budget.exceeded).toBe(true);
  });
});
