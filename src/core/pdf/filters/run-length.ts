import { CappedOutput, malformed, type DecodeCap } from './capped-output.js';

const EOD = 128;

/**
 * ISO 32000-1 §7.4.5 RunLengthDecode: a length byte 0-127 copies the next length + 1 bytes, 129-255
 * repeats the next byte 257 − length times, 128 ends the data. A run cut short by the end of the data
 * is malformed; data that stops between runs without 128 ends there. Written here rather than taken
 * from a library so that it shares the job's decode budget with every other filter.
 */
export function decodeRunLength(data: Uint8Array, cap: DecodeCap): Buffer {
  const out = new CappedOutput(cap, data.length * 2);
  let i = 0;
  while (i < data.length) {
    const n = data[i]!;
    if (n === EOD) break;
    if (n < EOD) {
      if (i + 1 + n + 1 > data.length) throw malformed('RunLengthDecode', `the literal run at ${i} is cut short`);
      out.copy(data, i + 1, i + 2 + n);
      i += n + 2;
    } else {
      if (i + 1 >= data.length) throw malformed('RunLengthDecode', `the repeated run at ${i} has no byte to repeat`);
      out.repeat(data[i + 1]!, 257 - n);
      i += 2;
    }
  }
  return out.finish();
}
