import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { applyPredictor } from '../../../../src/core/pdf/filters/predictors.js';
import { PdfDict } from '../../../../src/core/pdf/objects.js';

function parms(p: Record<string, number>): PdfDict {
  const d = new PdfDict();
  for (const [k, v] of Object.entries(p)) d.set(k, v);
  return d;
}

const run = (data: number[], p: Record<string, number>) => applyPredictor(Buffer.from(data), parms(p), new DecodeBudget(1 << 20));

describe('predictors (ISO 32000-1 §7.4.4.4)', () => {
  it('undoes every PNG row type, whatever the /Predictor from 10 to 15 says', () => {
    // Two pixels of two bytes (Colors 2), three rows: None, Sub, Up, then Average and Paeth.
    const p = { Colors: 2, Columns: 2 };
    for (const predictor of [10, 12, 15]) {
      expect(run([0, 1, 2, 3, 4, 1, 5, 6, 1, 1, 2, 1, 1, 1, 1], { ...p, Predictor: predictor })).toEqual(Buffer.from([1, 2, 3, 4, 5, 6, 6, 7, 6, 7, 7, 8]));
    }
    // Average: (left + up) >> 1; Paeth picks the nearest of left, up and up-left.
    expect(run([0, 10, 20, 30, 40, 3, 1, 1, 2, 2, 4, 1, 2, 3, 4], { ...p, Predictor: 12 })).toEqual(
      Buffer.from([10, 20, 30, 40, 6, 11, 20, 27, 7, 13, 23, 31]),
    );
  });

  it('undoes TIFF predictor 2 at 1, 2, 4, 8 and 16 bits per component', () => {
    expect(run([10, 1, 1, 1, 5, 250, 10, 0], { Predictor: 2, Columns: 4 })).toEqual(Buffer.from([10, 11, 12, 13, 5, 255, 9, 9]));
    expect(run([1, 2, 3, 1, 1, 1], { Predictor: 2, Colors: 3, Columns: 2 })).toEqual(Buffer.from([1, 2, 3, 2, 3, 4]));
    expect(run([0x11, 0x11], { Predictor: 2, BitsPerComponent: 4, Columns: 4 })).toEqual(Buffer.from([0x12, 0x34]));
    // Colors 2 at 2 bits: samples 1 2 | 1 1 become 1 2 | 2 3.
    expect(run([0b01100101], { Predictor: 2, Colors: 2, BitsPerComponent: 2, Columns: 2 })).toEqual(Buffer.from([0b01101011]));
    expect(run([0b10000000, 0b11000000], { Predictor: 2, BitsPerComponent: 1, Columns: 8 })).toEqual(Buffer.from([0xff, 0b10000000]));
    expect(run([0x01, 0x00, 0xff, 0x01], { Predictor: 2, BitsPerComponent: 16, Columns: 2 })).toEqual(Buffer.from([0x01, 0x00, 0x00, 0x01]));
  });

  it('leaves data alone for predictor 1 and drops a trailing partial row', () => {
    expect(run([1, 2, 3], { Predictor: 1 })).toEqual(Buffer.from([1, 2, 3]));
    expect(run([2, 1, 2, 0, 9], { Predictor: 12, Columns: 2 })).toEqual(Buffer.from([1, 2]));
  });

  it('refuses undefined predictors, bad row shapes and bad PNG row types', () => {
    expect(() => run([0], { Predictor: 5 })).toThrow(expect.objectContaining({ code: 'unsupported_pdf' }));
    for (const bad of [{ BitsPerComponent: 3 }, { Colors: 0 }, { Columns: 1.5 }, { Columns: 1 << 22 }] as Record<string, number>[]) {
      expect(() => run([0, 0], { Predictor: 2, ...bad })).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: 'Bad predictor parameters.' }));
    }
    expect(() => run([7, 0], { Predictor: 12 })).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: 'Bad PNG predictor row type.' }));
  });

  it('charges its output to the budget before allocating it', () => {
    const b = new DecodeBudget(3);
    expect(() => applyPredictor(Buffer.from([0, 1, 2, 3, 4]), parms({ Predictor: 12, Columns: 4 }), b)).toThrow(expect.objectContaining({ code: 'limit_exceeded' }));
    expect(b.exceeded).toBe(true);
  });
});
