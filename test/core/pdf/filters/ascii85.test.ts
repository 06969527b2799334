import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { decodeAscii85 } from '../../../../src/core/pdf/filters/ascii85.js';
import { ascii85Encode } from '../../../helpers/filter-encoders.js';

const cap = () => ({ maxBytes: 1 << 20, budget: new DecodeBudget(1 << 24) });
const decode = (s: string | Buffer) => decodeAscii85(typeof s === 'string' ? Buffer.from(s, 'latin1') : s, cap());

/** Python's base64.a85encode(adobe=True) as the independent encoder, without its `<~` (PDF has none). */
function pythonA85(inputs: Buffer[]): Buffer[] {
  const py = [
    'import base64, json, sys',
    'items = [bytes.fromhex(h) for h in json.load(sys.stdin)]',
    'print(json.dumps([base64.a85encode(b, adobe=True, wrapcol=72)[2:].decode() for b in items]))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', py], { input: JSON.stringify(inputs.map((b) => b.toString('hex'))), encoding: 'utf8' });
  return (JSON.parse(out) as string[]).map((s) => Buffer.from(s, 'latin1'));
}

describe('ASCII85Decode (ISO 32000-1 §7.4.3)', () => {
  it('decodes known vectors: full groups, z, a final partial group, the largest group', () => {
    expect(decode('9jqo^BlbD-BleB1DJ+*+F(f,q~>').toString('latin1')).toBe('Man is distinguished');
    expect(decode('z@:E^~>')).toEqual(Buffer.from('\0\0\0\0abc', 'latin1'));
    expect(decode('s8W-!~>')).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(decode('@/~>').toString('latin1')).toBe('a');
    expect(decode('@:B3:!!!!~>')).toEqual(Buffer.from('ab\0\0\0\0\0', 'latin1'));
  });

  it('ignores white space anywhere, stops at ~> and takes data without it to end there', () => {
    expect(decode(' 9jq\no^\r\tBl bD-B\x0cleB1DJ+*+F(f,q ~ > trailing junk').toString('latin1')).toBe('Man is distinguished');
    expect(decode('9jqo^BlbD-BleB1DJ+*+F(f,q').toString('latin1')).toBe('Man is distinguished');
    expect(decode('~>')).toHaveLength(0);
  });

  it('reads what Python encodes and what our test encoder writes, for every length mod 4', () => {
    const inputs = [0, 1, 2, 3, 4, 5, 6, 7, 1000, 4099].map((n) => Buffer.concat([randomBytes(n), Buffer.alloc(n % 9)]));
    const encoded = pythonA85(inputs);
    inputs.forEach((data, i) => {
      expect(decode(encoded[i]!)).toEqual(data);
      expect(decode(ascii85Encode(data))).toEqual(data);
    });
  });

  it('refuses malformed data with a message that says what is wrong', () => {
    const bad: [string, RegExp][] = [
      ['9jqzo^~>', /'z' at 3 inside a group/],
      ['9jqo^B~>', /final group has a single character/],
      ['s8W-"~>', /worth more than 2\^32-1/],
      ['9jqo^v~>', /byte 0x76 at 5 is not a base-85 digit/],
      ['9jqo^~x', /'~' at 5 is not followed by '>'/],
    ];
    for (const [s, msg] of bad) expect(() => decode(s), s).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: expect.stringMatching(msg) }));
  });

  it('stops at the stream cap, with the cap named', () => {
    const data = ascii85Encode(Buffer.alloc(4096, 1));
    expect(() => decodeAscii85(data, { maxBytes: 1000, budget: new DecodeBudget(1 << 20) })).toThrow(
      expect.objectContaining({ code: 'limit_exceeded', details: { maxBytes: 1000 } }),
    );
  });
});
