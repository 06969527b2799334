import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../../../src/core/limits.js';
import { DecodeBudget } from '../../../src/core/pdf/decode-budget.js';
import { PdfDict, PdfName, PdfStream } from '../../../src/core/pdf/objects.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { verifyPdf } from '../../../src/core/verify/verify-pdf.js';
import { objectStreamBombs } from '../../helpers/decode-bombs.js';

const MIB = 1024 * 1024;
const limited = (maxDecodedBytes: number): PdfLimits => ({ ...DEFAULT_PDF_LIMITS, maxDecodedBytes });
const overBudget = expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: expect.any(Number) } });

function flateStream(raw: Buffer): PdfStream {
  const d = new PdfDict();
  d.set('Filter', PdfName.of('FlateDecode'));
  return new PdfStream(d, deflateSync(raw), 0);
}

describe('DecodeBudget', () => {
  it('counts what is charged and refuses what does not fit, and stays refused', () => {
    const b = new DecodeBudget(100);
    b.charge(60);
    expect([b.used, b.remaining, b.exceeded]).toEqual([60, 40, false]);
    expect(() => b.charge(41)).toThrow(overBudget);
    expect(b.exceeded).toBe(true);
    expect(b.used).toBe(60);
    expect(() => b.charge(0)).toThrow(overBudget);
    expect(() => b.assertWithin()).toThrow(overBudget);
  });

  it('refuses a budget that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new DecodeBudget(bad)).toThrow(RangeError);
  });
});

describe('PdfFile decoding against one budget', () => {
  it('sums the object streams a file decodes and refuses the one that does not fit', () => {
    const file = PdfFile.open(objectStreamBombs(4, MIB), limited(3.5 * MIB));
    for (const n of [10, 11, 12]) expect(file.getObject(n)).toBeInstanceOf(PdfDict);
    expect(file.budget.used).toBeGreaterThanOrEqual(3 * MIB);
    expect(() => file.getObject(13)).toThrow(overBudget);
    expect(file.budget.used).toBeLessThanOrEqual(3.5 * MIB);
  });

  it('reads within the default budget what fits in it', () => {
    const file = PdfFile.open(objectStreamBombs(4, MIB), DEFAULT_PDF_LIMITS);
    for (const n of [10, 11, 12, 13]) expect(file.getObject(n)).toBeInstanceOf(PdfDict);
    expect(file.budget.exceeded).toBe(false);
  });

  it('charges the cross-reference stream read at open', () => {
    const file = PdfFile.open(objectStreamBombs(1, 1024), DEFAULT_PDF_LIMITS);
    expect(file.budget.used).toBe(file.size * 7);
    expect(() => PdfFile.open(objectStreamBombs(1, 1024), DEFAULT_PDF_LIMITS, undefined, new DecodeBudget(10))).toThrow(overBudget);
  });

  it('shares one budget between revision views and files opened over the same bytes with it', () => {
    const bytes = objectStreamBombs(4, MIB);
    const budget = new DecodeBudget(2.5 * MIB);
    const a = PdfFile.open(bytes, DEFAULT_PDF_LIMITS, undefined, budget);
    const b = PdfFile.open(bytes, DEFAULT_PDF_LIMITS, undefined, budget);
    a.getObject(10);
    b.asOfSection(0).getObject(11);
    expect(() => b.getObject(12)).toThrow(overBudget);
    expect(a.budget).toBe(budget);
  });

  it('decodes an object stream once for all the objects read from it, in every revision view', () => {
    const file = PdfFile.open(objectStreamBombs(1, MIB), DEFAULT_PDF_LIMITS);
    const before = file.budget.used;
    file.getObject(10);
    const once = file.budget.used - before;
    file.asOfSection(0).getObject(10);
    expect(once).toBeGreaterThanOrEqual(MIB);
    expect(file.budget.used - before).toBe(once);
  });

  it('never allocates past the budget: a decode gets only what is left', () => {
    const file = PdfFile.open(objectStreamBombs(1, 1024), limited(MIB));
    const left = file.budget.remaining;
    expect(() => file.decode(flateStream(Buffer.alloc(left + 1)))).toThrow(overBudget);
    expect(file.budget.used).toBeLessThanOrEqual(MIB);
  });

  it('a caller cap smaller than the budget refuses only that stream', () => {
    const file = PdfFile.open(objectStreamBombs(1, 1024), DEFAULT_PDF_LIMITS);
    expect(() => file.decode(flateStream(Buffer.alloc(2048)), 1024)).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxBytes: 1024 } }));
    expect(file.budget.exceeded).toBe(false);
    expect(file.decode(flateStream(Buffer.alloc(512)), 1024)).toHaveLength(512);
  });
});

describe('verifyPdf and the budget', () => {
  it('refuses a file whose decoded streams exceed the budget, although each field read is guarded', () => {
    // The signature discovery swallows errors of the fields it cannot read; the spent budget still refuses the file.
    const bytes = objectStreamBombs(6, MIB);
    expect(() => verifyPdf({ bytes, anchors: [], now: new Date(0), limits: limited(4 * MIB) })).toThrow(overBudget);
    const report = verifyPdf({ bytes, anchors: [], now: new Date(0), limits: limited(16 * MIB) }).report;
    expect(report.signatures).toEqual([]);
  });
});
