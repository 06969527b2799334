import { CappedOutput, malformed, type DecodeCap } from './capped-output.js';

const CLEAR = 256;
const EOD = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;
const NAME = 'LZWDecode';

/**
 * ISO 32000-1 §7.4.4.2 LZWDecode: codes of 9 to 12 bits, most significant bit first; 256 clears the
 * table, 257 ends the data, and each code after the first adds the previous string plus the next
 * string's first byte. /EarlyChange 1 (the default) widens codes one entry early (Table 10). Every
 * table entry is a string the output already holds, so an entry is kept as (offset, length) into the
 * output and copied from there. A code beyond the next free entry is malformed; data that stops
 * without 257 ends there, and a full table keeps its 12-bit codes until a clear, as the common readers
 * do. Written here rather than taken from a library so that it shares the job's decode budget.
 */
export function decodeLzw(data: Uint8Array, earlyChange: number, cap: DecodeCap): Buffer {
  const out = new CappedOutput(cap, data.length * 4);
  const offsets = new Int32Array(TABLE_SIZE);
  const lengths = new Int32Array(TABLE_SIZE);
  const bits = new BitReader(data);
  let width = 9;
  let next = FIRST_FREE;
  let prev = -1;
  for (;;) {
    const code = bits.read(width);
    if (code < 0 || code === EOD) break;
    if (code === CLEAR) {
      [width, next, prev] = [9, FIRST_FREE, -1];
      continue;
    }
    const start = out.length;
    if (code < CLEAR) {
      out.byte(code);
    } else if (code < next && prev >= 0) {
      out.copyWithin(offsets[code]!, lengths[code]!);
    } else if (code === next && prev >= 0) {
      out.copyWithin(offsets[prev]!, lengths[prev]!);
      out.byte(out.at(offsets[prev]!));
    } else {
      throw malformed(NAME, `code ${code} is not in the table (next entry ${next})`);
    }
    if (prev >= 0 && next < TABLE_SIZE) {
      offsets[next] = offsets[prev]!;
      lengths[next] = lengths[prev]! + 1;
      next++;
      if (next + earlyChange >= 1 << width && width < 12) width++;
    }
    offsets[code] = start;
    lengths[code] = out.length - start;
    prev = code;
  }
  return out.finish();
}

class BitReader {
  private pos = 0;
  private acc = 0;
  private held = 0;

  constructor(private readonly data: Uint8Array) {}

  /** The next `n` bits as a number, or -1 when fewer remain. */
  read(n: number): number {
    while (this.held < n) {
      if (this.pos >= this.data.length) return -1;
      this.acc = ((this.acc << 8) | this.data[this.pos++]!) & 0xffffff;
      this.held += 8;
    }
    this.held -= n;
    return (this.acc >>> this.held) & ((1 << n) - 1);
  }
}
