import { inflateSync, constants } from 'node:zlib';
import { DocsealError } from '../errors.js';
import type { DecodeBudget } from './decode-budget.js';
import { PdfDict, PdfName, numberValue, type PdfObject, type PdfStream } from './objects.js';

/**
 * Decodes a stream's data (ISO 32000-1 §7.4). Only FlateDecode (with PNG/TIFF predictors) is
 * supported: it is what cross-reference streams, object streams and nearly all content streams use.
 * Inflation is capped twice, so a few hundred bytes cannot expand into gigabytes (deflate bombs): one
 * stream at `maxBytes`, and everything the job decodes at its `budget`, which every Buffer produced
 * here (each filter's output, each predictor's) is charged to.
 */
export function decodeStream(
  stream: PdfStream,
  cap: { readonly maxBytes: number; readonly budget: DecodeBudget },
  resolve: (o: PdfObject | undefined) => PdfObject | undefined,
): Buffer {
  const filters = asArray(resolve(stream.dict.get('Filter')));
  const parms = asArray(resolve(stream.dict.get('DecodeParms')));
  let data = Buffer.from(stream.data.buffer, stream.data.byteOffset, stream.data.byteLength);
  filters.forEach((f, i) => {
    if (!(f instanceof PdfName)) throw unsupported('filter is not a name');
    // §7.4.10: the reader decrypted the data under the crypt filter this names when it read the stream.
    if (f.name === 'Crypt') return;
    if (f.name !== 'FlateDecode' && f.name !== 'Fl') throw unsupported(`filter ${f.name}`);
    data = inflateCapped(data, cap.maxBytes, cap.budget);
    const p = resolve(parms[i]);
    if (p instanceof PdfDict) {
      data = applyPredictor(data, p);
      cap.budget.charge(data.length);
    }
  });
  return data;
}

function asArray(o: PdfObject | undefined): PdfObject[] {
  if (o === undefined || o === null) return [];
  return Array.isArray(o) ? o : [o];
}

function unsupported(what: string): DocsealError {
  return new DocsealError('unsupported_pdf', `Unsupported stream encoding: ${what}.`);
}

/** Inflates into at most what both caps leave; whichever cap binds names the refusal. */
function inflateCapped(data: Buffer, maxBytes: number, budget: DecodeBudget): Buffer {
  budget.assertWithin();
  const allowed = Math.min(maxBytes, budget.remaining);
  let out: Buffer;
  try {
    // Z_SYNC_FLUSH tolerates streams without a proper end, which many writers produce. zlib needs an
    // output bound of at least one byte; with nothing left, any output at all overruns the budget.
    out = inflateSync(data, { maxOutputLength: Math.max(1, allowed), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      if (allowed < maxBytes) budget.refuse();
      throw new DocsealError('limit_exceeded', 'A stream inflates beyond the allowed size.', { maxBytes });
    }
    throw new DocsealError('corrupt_pdf', 'A compressed stream is corrupt.');
  }
  budget.charge(out.length);
  return out;
}

/** §7.4.4.4, Table 8: PNG predictors (10-15) row by row; TIFF predictor 2 is rare and refused. */
function applyPredictor(data: Buffer, parms: PdfDict): Buffer {
  const predictor = numberValue(parms.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  if (predictor < 10) throw unsupported(`predictor ${predictor}`);
  const colors = numberValue(parms.get('Colors')) ?? 1;
  const bpc = numberValue(parms.get('BitsPerComponent')) ?? 8;
  const columns = numberValue(parms.get('Columns')) ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 20) throw new DocsealError('corrupt_pdf', 'Bad predictor parameters.');
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp]! : 0;
      out[dst + i] = (raw + predict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 0: return 0;
    case 1: return left;
    case 2: return up;
    case 3: return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default: throw new DocsealError('corrupt_pdf', 'Bad PNG predictor row type.');
  }
}
