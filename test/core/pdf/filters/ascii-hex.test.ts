import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { decodeAsciiHex } from '../../../../src/core/pdf/filters/ascii-hex.js';
import { asciiHexEncode } from '../../../helpers/filter-encoders.js';

const decode = (s: string | Buffer) =>
  decodeAsciiHex(typeof s === 'string' ? Buffer.from(s, 'latin1') : s, { maxBytes: 1 << 20, budget: new DecodeBudget(1 << 24) });

describe('ASCIIHexDecode (ISO 32000-1 §7.4.2)', () => {
  it('decodes pairs of digits in either case, ignoring white space, up to >', () => {
    expect(decode('48 65\n6c6C\r\n6F>garbage after the end')).toEqual(Buffer.from('Hello'));
    expect(decode('00fF7a>')).toEqual(Buffer.from([0x00, 0xff, 0x7a]));
    expect(decode('>')).toHaveLength(0);
  });

  it('reads an odd final digit as if 0 followed it, as the clause says, and data without > to its end', () => {
    expect(decode('414>')).toEqual(Buffer.from([0x41, 0x40]));
    expect(decode('4142')).toEqual(Buffer.from('AB'));
    expect(decode('7')).toEqual(Buffer.from([0x70]));
  });

  it('reads what the test encoder writes', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff));
    expect(decode(asciiHexEncode(data))).toEqual(data);
  });

  it('refuses a byte that is not a digit, naming it', () => {
    expect(() => decode('41 4g>')).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: expect.stringMatching(/0x67 at 4 is not a hexadecimal digit/) }));
  });
});
