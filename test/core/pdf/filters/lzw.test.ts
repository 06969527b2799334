import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DecodeBudget } from '../../../../src/core/pdf/decode-budget.js';
import { decodeLzw } from '../../../../src/core/pdf/filters/lzw.js';
import { lzwEncode, lzwZeroBomb } from '../../../helpers/filter-encoders.js';

const MIB = 1024 * 1024;
const cap = () => ({ maxBytes: 64 * MIB, budget: new DecodeBudget(256 * MIB) });

/** Text with repeats at every distance, so the table fills and is cleared more than once. */
function sample(bytes: number): Buffer {
  const words = ['seal ', 'signature ', 'department ', 'PDF ', '签署 ', 'xref ', '\0\0\0', 'ISO 32000-1 '];
  const parts: Buffer[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const w = Buffer.from(words[(i * 7 + (i >> 3)) % words.length]! + (i % 13 === 0 ? String(i) : ''));
    parts.push(w);
    n += w.length;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/**
 * An independent encoder: libtiff's LZW as Pillow writes it (TIFF 6.0 §13, the same code as PDF's with
 * /EarlyChange 1), taken from the single strip of a one-row greyscale TIFF.
 */
function libtiffLzw(data: Buffer): Buffer {
  const py = [
    'import io, sys',
    'from PIL import Image',
    'raw = sys.stdin.buffer.read()',
    'out = io.BytesIO()',
    "Image.frombytes('L', (len(raw), 1), raw).save(out, format='TIFF', compression='tiff_lzw')",
    'tif = Image.open(io.BytesIO(out.getvalue()))',
    'start, size = tif.tag_v2[273][0], tif.tag_v2[279][0]',
    'sys.stdout.buffer.write(out.getvalue()[start:start + size])',
  ].join('\n');
  return execFileSync('python3', ['-c', py], { input: data });
}

describe('LZWDecode (ISO 32000-1 §7.4.4.2)', () => {
  it('decodes the example of the clause', () => {
    // §7.4.4.2 Example: 45 45 45 45 45 65 45 45 45 66 is coded 256 45 258 258 65 259 66 257.
    const encoded = Buffer.from('800b6050220c0c8501', 'hex');
    expect(decodeLzw(encoded, 1, cap())).toEqual(Buffer.from('2d2d2d2d2d412d2d2d42', 'hex'));
  });

  it('reads what libtiff writes, across code widths and table clears', () => {
    const data = sample(150_000);
    expect(decodeLzw(libtiffLzw(data), 1, cap()).equals(data)).toBe(true);
  });

  it('reads what the test encoder writes, with either /EarlyChange, across code widths and table clears', () => {
    for (const size of [0, 1, 2, 100, 5_000, 200_000]) {
      const data = sample(size);
      for (const early of [0, 1]) expect(decodeLzw(lzwEncode(data, early), early, cap()).equals(data), `${size} early ${early}`).toBe(true);
    }
  });

  it('depends on /EarlyChange once codes widen: the other setting does not give the data back', () => {
    const data = sample(20_000);
    const read = (): Buffer | string => {
      try {
        return decodeLzw(lzwEncode(data, 0), 1, cap());
      } catch (e) {
        return (e as Error).message;
      }
    };
    const got = read();
    expect(typeof got === 'string' || !got.equals(data)).toBe(true);
  });

  it('takes data without the end code to end after its last whole code', () => {
    const encoded = Buffer.from('800b6050220c0c85', 'hex');
    expect(decodeLzw(encoded, 1, cap())).toEqual(Buffer.from('2d2d2d2d2d412d2d2d42', 'hex'));
  });

  it('refuses a code beyond the next table entry, naming it', () => {
    // 256, then 300 (nothing is in the table yet), each in 9 bits.
    const bad = Buffer.from([0x80, 0x4b, 0x00]);
    expect(() => decodeLzw(bad, 1, cap())).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: expect.stringMatching(/code 300 is not in the table \(next entry 258\)/) }));
  });

  it('stops an LZW bomb at the stream cap and at the budget, before allocating its output', () => {
    const bomb = lzwZeroBomb(8);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const oneTable = decodeLzw(lzwZeroBomb(1), 1, cap());
    expect(oneTable.length).toBeGreaterThan(7 * MIB);
    expect(oneTable.equals(Buffer.alloc(oneTable.length))).toBe(true);
    expect(() => decodeLzw(bomb, 1, { maxBytes: MIB, budget: new DecodeBudget(256 * MIB) })).toThrow(
      expect.objectContaining({ code: 'limit_exceeded', details: { maxBytes: MIB } }),
    );
    const budget = new DecodeBudget(4 * MIB);
    expect(() => decodeLzw(bomb, 1, { maxBytes: 64 * MIB, budget })).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: 4 * MIB } }));
    expect([budget.used, budget.exceeded]).toEqual([0, true]);
  });
});
