import { DocsealError } from '../../errors.js';
import type { DecodeBudget } from '../decode-budget.js';
import { PdfDict, numberValue } from '../objects.js';

type RowShape = { readonly colors: number; readonly bpc: number; readonly columns: number; readonly rowLen: number };

const MAX_ROW_BYTES = 1 << 20;

/**
 * ISO 32000-1 §7.4.4.4, Tables 8 and 9: after LZW or Flate, /Predictor 2 is TIFF predictor 2 and
 * 10-15 are PNG predictors, whose rows each start with their own filter type byte (so every value
 * from 10 to 15 decodes alike). /Colors, /BitsPerComponent and /Columns give the row; a trailing
 * partial row is dropped. The output is charged to the budget before it is allocated.
 */
export function applyPredictor(data: Buffer, parms: PdfDict, budget: DecodeBudget): Buffer {
  const predictor = numberValue(parms.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  if (predictor !== 2 && !(predictor >= 10 && predictor <= 15)) {
    throw new DocsealError('unsupported_pdf', `Unsupported stream encoding: predictor ${predictor}.`);
  }
  const shape = rowShape(parms);
  const rows = Math.floor(data.length / (shape.rowLen + (predictor === 2 ? 0 : 1)));
  budget.charge(rows * shape.rowLen);
  const out = Buffer.alloc(rows * shape.rowLen);
  if (predictor === 2) undoTiff(data, out, rows, shape);
  else undoPng(data, out, rows, shape);
  return out;
}

function rowShape(parms: PdfDict): RowShape {
  const colors = numberValue(parms.get('Colors')) ?? 1;
  const bpc = numberValue(parms.get('BitsPerComponent')) ?? 8;
  const columns = numberValue(parms.get('Columns')) ?? 1;
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  const sound = [colors, columns].every((n) => Number.isInteger(n) && n >= 1) && [1, 2, 4, 8, 16].includes(bpc);
  if (!sound || rowLen > MAX_ROW_BYTES) throw new DocsealError('corrupt_pdf', 'Bad predictor parameters.');
  return { colors, bpc, columns, rowLen };
}

/** PNG (RFC 2083 §6): each byte adds the prediction from the byte one pixel left, above, or both. */
function undoPng(data: Buffer, out: Buffer, rows: number, { colors, bpc, rowLen }: RowShape): void {
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp]! : 0;
      out[dst + i] = (data[src + i]! + predict(type, left, up, upLeft)) & 0xff;
    }
  }
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

/**
 * TIFF 6.0 §14 (horizontal differencing): each sample adds the same component of the pixel to its left,
 * modulo 2^BitsPerComponent; rows start afresh and carry no type byte.
 */
function undoTiff(data: Buffer, out: Buffer, rows: number, { colors, bpc, columns, rowLen }: RowShape): void {
  data.copy(out, 0, 0, rows * rowLen);
  const mask = bpc === 16 ? 0xffff : (1 << bpc) - 1;
  const samples = colors * columns;
  for (let r = 0; r < rows; r++) {
    const base = r * rowLen;
    for (let s = colors; s < samples; s++) {
      writeSample(out, base, s, bpc, (readSample(out, base, s, bpc) + readSample(out, base, s - colors, bpc)) & mask);
    }
  }
}

function readSample(buf: Buffer, base: number, s: number, bpc: number): number {
  if (bpc === 16) return buf.readUInt16BE(base + s * 2);
  const bit = s * bpc;
  return (buf[base + (bit >> 3)]! >> (8 - bpc - (bit & 7))) & ((1 << bpc) - 1);
}

function writeSample(buf: Buffer, base: number, s: number, bpc: number, v: number): void {
  if (bpc === 16) {
    buf.writeUInt16BE(v, base + s * 2);
    return;
  }
  const bit = s * bpc;
  const shift = 8 - bpc - (bit & 7);
  const at = base + (bit >> 3);
  buf[at] = (buf[at]! & ~(((1 << bpc) - 1) << shift)) | (v << shift);
}
