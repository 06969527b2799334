import { isWhitespace } from '../lexer.js';
import { CappedOutput, malformed, type DecodeCap } from './capped-output.js';

const FIRST = 0x21; // '!'
const LAST = 0x75; // 'u'
const Z = 0x7a;
const TILDE = 0x7e;
const GT = 0x3e;
const NAME = 'ASCII85Decode';

/**
 * ISO 32000-1 §7.4.3 ASCII85Decode: groups of five characters `!`..`u` in base 85 give four bytes, `z`
 * alone gives four zero bytes, white space is ignored and `~>` ends the data; a final group of n (2 to 4)
 * characters gives n − 1 bytes. A group worth more than 2³²−1, a `z` inside a group, a final group of one
 * character or any other byte is malformed. Data that stops without `~>` is taken to end there. Written
 * here rather than taken from a library so that it shares the job's decode budget with every other filter.
 */
export function decodeAscii85(data: Uint8Array, cap: DecodeCap): Buffer {
  const out = new CappedOutput(cap, Math.ceil((data.length * 4) / 5));
  const group: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (isWhitespace(c)) continue;
    if (c === TILDE) {
      if (nextNonWhite(data, i + 1) !== GT) throw malformed(NAME, `'~' at ${i} is not followed by '>'`);
      break;
    }
    if (c === Z) {
      if (group.length > 0) throw malformed(NAME, `'z' at ${i} inside a group`);
      out.repeat(0, 4);
      continue;
    }
    if (c < FIRST || c > LAST) throw malformed(NAME, `byte 0x${c.toString(16).padStart(2, '0')} at ${i} is not a base-85 digit`);
    group.push(c - FIRST);
    if (group.length === 5) {
      writeGroup(out, group, 4, i);
      group.length = 0;
    }
  }
  if (group.length === 1) throw malformed(NAME, 'the final group has a single character');
  if (group.length > 1) {
    const n = group.length;
    while (group.length < 5) group.push(LAST - FIRST);
    writeGroup(out, group, n - 1, data.length);
  }
  return out.finish();
}

function writeGroup(out: CappedOutput, digits: readonly number[], bytes: number, at: number): void {
  let v = 0;
  for (const d of digits) v = v * 85 + d;
  if (v > 0xffffffff) throw malformed(NAME, `the group ending at ${at} is worth more than 2^32-1`);
  for (let k = 0; k < bytes; k++) out.byte((v >>> (24 - 8 * k)) & 0xff);
}

function nextNonWhite(data: Uint8Array, from: number): number | undefined {
  let i = from;
  while (i < data.length && isWhitespace(data[i]!)) i++;
  return data[i];
}
