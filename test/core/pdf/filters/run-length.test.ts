import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { decodeRunLength } from '../../../../src/core/pdf/filters/run-length.js';
import { runLengthEncode } from '../../../helpers/filter-encoders.js';

const budget = () => new DecodeBudget(1 << 24);
const decode = (bytes: number[] | Buffer) => decodeRunLength(Buffer.from(bytes), { maxBytes: 1 << 20, budget: budget() });

describe('RunLengthDecode (ISO 32000-1 §7.4.5)', () => {
  it('copies literal runs, repeats repeated runs and stops at 128', () => {
    expect(decode([2, 0x61, 0x62, 0x63, 254, 0x78, 128, 0, 0x7a])).toEqual(Buffer.from('abcxxx'));
    expect(decode([129, 0x2d, 128])).toEqual(Buffer.alloc(128, 0x2d));
    expect(decode([127, ...Buffer.alloc(128, 7), 128])).toEqual(Buffer.alloc(128, 7));
  });

  it('takes data that ends between runs without 128 to end there', () => {
    expect(decode([0, 0x41, 255, 0x42])).toEqual(Buffer.from('ABB'));
  });

  it('reads what the test encoder writes', () => {
    const data = Buffer.concat([Buffer.from('header'), Buffer.alloc(1000, 0), Buffer.from('abcabc'), Buffer.alloc(3, 9)]);
    expect(decode(runLengthEncode(data))).toEqual(data);
  });

  it('refuses a run cut short by the end of the data', () => {
    const malformed = (msg: RegExp) => expect.objectContaining({ code: 'corrupt_pdf', message: expect.stringMatching(msg) });
    expect(() => decode([4, 0x41, 0x42])).toThrow(malformed(/literal run at 0 is cut short/));
    expect(() => decode([0, 0x41, 200])).toThrow(malformed(/repeated run at 2 has no byte to repeat/));
  });

  it('stops a run-length bomb at the budget, before allocating its output', () => {
    const bomb = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? 129 : 0)));
    const b = new DecodeBudget(100_000);
    expect(() => decodeRunLength(bomb, { maxBytes: 1 << 30, budget: b })).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: 100_000 } }));
    expect(b.exceeded).toBe(true);
    expect(b.used).toBe(0);
  });
});
