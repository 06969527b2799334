import { isWhitespace } from '../lexer.js';
import { CappedOutput, malformed, type DecodeCap } from './capped-output.js';

const EOD = 0x3e;

/**
 * ISO 32000-1 §7.4.2 ASCIIHexDecode: pairs of hexadecimal digits, white space ignored, `>` ends the data.
 * An odd digit before `>` is read as if a 0 followed it (the clause says so); any other byte is malformed.
 * Data that stops without `>` is taken to end there, as the common readers do. Written here rather than
 * taken from a library so that it shares the job's decode budget with every other filter.
 */
export function decodeAsciiHex(data: Uint8Array, cap: DecodeCap): Buffer {
  const out = new CappedOutput(cap, data.length >> 1);
  let high = -1;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === EOD) break;
    if (isWhitespace(c)) continue;
    const v = hexValue(c);
    if (v < 0) throw malformed('ASCIIHexDecode', `byte 0x${c.toString(16).padStart(2, '0')} at ${i} is not a hexadecimal digit`);
    if (high < 0) {
      high = v;
    } else {
      out.byte((high << 4) | v);
      high = -1;
    }
  }
  if (high >= 0) out.byte(high << 4);
  return out.finish();
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
