import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import { DecodeBudget } from '../../src/core/pdf/decode-budget.js';
import { decodeStream } from '../../src/core/pdf/filters.js';
import { PdfDict, PdfName, PdfStream } from '../../src/core/pdf/objects.js';
import { ascii85Encode, asciiHexEncode, lzwEncode, runLengthEncode } from '../helpers/filter-encoders.js';

/**
 * Bounded fuzzing of the stream decoders: random and mutated encoded data gives decoded bytes or a
 * DocsealError with a client-error code (never another exception, never a hang), and what it decodes
 * stays within the caps. Reproduce a case with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0xf117_e25);
const CASES = 4000;
const CODES = new Set(['corrupt_pdf', 'unsupported_pdf', 'limit_exceeded']);
const SAMPLE = Buffer.from('BT /F1 12 Tf 72 720 Td (fuzz) Tj ET\n'.repeat(30) + '\0'.repeat(300), 'latin1');

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const FILTERS: [string, (raw: Buffer) => Buffer][] = [
  ['ASCIIHexDecode', asciiHexEncode],
  ['ASCII85Decode', ascii85Encode],
  ['LZWDecode', (raw) => lzwEncode(raw)],
  ['RunLengthDecode', runLengthEncode],
  ['FlateDecode', (raw) => deflateSync(raw)],
];

const PREDICTOR = new PdfDict();
PREDICTOR.set('Predictor', 12);
PREDICTOR.set('Columns', 5);

function mutate(valid: Buffer, r: () => number): Buffer {
  const out = Buffer.from(valid);
  const edits = 1 + Math.floor(r() * 8);
  for (let e = 0; e < edits; e++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  return r() < 0.3 ? out.subarray(0, Math.floor(r() * out.length)) : out;
}

describe('stream decoder fuzzing', () => {
  it(`${CASES} random and mutated inputs per filter give bytes within the caps or a client error`, () => {
    const r = rng(SEED);
    const findings: string[] = [];
    for (const [filter, encode] of FILTERS) {
      const valid = encode(SAMPLE);
      for (let i = 0; i < CASES; i++) {
        const data = i % 2 === 0 ? mutate(valid, r) : Buffer.from(Array.from({ length: Math.floor(r() * 600) }, () => Math.floor(r() * 256)));
        const d = new PdfDict();
        d.set('Filter', PdfName.of(filter));
        if ((filter === 'FlateDecode' || filter === 'LZWDecode') && i % 4 === 1) d.set('DecodeParms', PREDICTOR);
        const budget = new DecodeBudget(1 << 22);
        try {
          const out = decodeStream(new PdfStream(d, data, 0), { maxBytes: 1 << 20, budget }, (o) => o);
          if (out.kind !== 'data' || out.data.length > 1 << 20) findings.push(`${filter} #${i}: ${out.kind} of ${out.data.length} bytes`);
        } catch (e) {
          if (!(e instanceof DocsealError) || !CODES.has(e.code)) findings.push(`${filter} #${i}: ${String(e)}`);
        }
        if (budget.used > budget.limit) findings.push(`${filter} #${i}: budget overspent`);
      }
    }
    expect(findings, `seed ${SEED}`).toEqual([]);
  });
});
