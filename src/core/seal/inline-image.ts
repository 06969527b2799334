import { isWhitespace } from '../pdf/lexer.js';
import { PdfDict, nameValue, numberValue, type PdfObject } from '../pdf/objects.js';

const E = 0x45;
const I = 0x49;

/**
 * Where an inline image's data ends (ISO 32000-1 §8.9.7): `dataStart` is the byte after `ID`, which is
 * followed by one white-space byte and then the raw data, closed by `EI`. The data is binary and may hold
 * the bytes `EI`, so the exact length is used when the dictionary gives it (/L, PDF 2.0 §8.9.7; or an
 * unfiltered image whose size follows from /W /H /BPC /CS); otherwise the first `EI` with white space
 * before it and white space or the end after it. Returns the position after `EI`, or -1.
 */
export function inlineImageEnd(bytes: Uint8Array, dataStart: number, end: number, dict: PdfDict): number {
  const start = dataStart + 1;
  const length = declaredLength(dict);
  if (length !== undefined) {
    let p = start + length;
    while (p < end && isWhitespace(bytes[p]!)) p++;
    if (isEiAt(bytes, p, end)) return p + 2;
  }
  for (let p = start; p + 1 < end; p++) {
    if (bytes[p] === E && bytes[p + 1] === I && isWhitespace(bytes[p - 1]!) && isEiAt(bytes, p, end)) {
      return p + 2;
    }
  }
  return -1;
}

function isEiAt(bytes: Uint8Array, p: number, end: number): boolean {
  return p + 1 < end && bytes[p] === E && bytes[p + 1] === I && (p + 2 >= end || isWhitespace(bytes[p + 2]!));
}

function declaredLength(dict: PdfDict): number | undefined {
  const l = num(dict.get('L') ?? dict.get('Length'));
  if (l !== undefined) return l >= 0 ? l : undefined;
  if (dict.has('F') || dict.has('Filter')) return undefined;
  const w = num(dict.get('W') ?? dict.get('Width'));
  const h = num(dict.get('H') ?? dict.get('Height'));
  const mask = (dict.get('IM') ?? dict.get('ImageMask')) === true;
  const bpc = mask ? 1 : num(dict.get('BPC') ?? dict.get('BitsPerComponent'));
  const comps = mask ? 1 : components(dict.get('CS') ?? dict.get('ColorSpace'));
  if (w === undefined || h === undefined || bpc === undefined || comps === undefined) return undefined;
  if (w < 0 || h < 0 || bpc <= 0) return undefined;
  // §8.9.3: each row starts on a byte boundary.
  return Math.ceil((w * comps * bpc) / 8) * h;
}

/** §8.9.7 Table 94: the abbreviated and full device colour space names; Indexed has one component. */
function components(cs: PdfObject | undefined): number | undefined {
  const n = nameValue(Array.isArray(cs) ? cs[0] : cs);
  if (n === 'G' || n === 'DeviceGray' || n === 'I' || n === 'Indexed') return 1;
  if (n === 'RGB' || n === 'DeviceRGB') return 3;
  if (n === 'CMYK' || n === 'DeviceCMYK') return 4;
  return undefined;
}

function num(o: PdfObject | undefined): number | undefined {
  const v = numberValue(o);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}
