import { DocsealError } from '../errors.js';
import type { DecodeBudget } from './decode-budget.js';
import { decodeAscii85 } from './filters/ascii85.js';
import { decodeAsciiHex } from './filters/ascii-hex.js';
import type { DecodeCap } from './filters/capped-output.js';
import { inflateCapped } from './filters/flate.js';
import { decodeLzw } from './filters/lzw.js';
import { applyPredictor } from './filters/predictors.js';
import { decodeRunLength } from './filters/run-length.js';
import { PdfDict, PdfName, numberValue, type PdfObject, type PdfStream } from './objects.js';

/**
 * A stream's data through its filters: `data` decoded, or `image` when the last filter is one of the
 * image codecs, which are never decoded (`data` is then what the filters before it produced, still in
 * that codec).
 */
export type DecodedStream =
  | { readonly kind: 'data'; readonly data: Buffer }
  | { readonly kind: 'image'; readonly filter: string; readonly data: Buffer };

type GeneralFilter = 'ASCIIHexDecode' | 'ASCII85Decode' | 'LZWDecode' | 'FlateDecode' | 'RunLengthDecode';

/** §7.4.1 Table 6, and the abbreviations inline images use (§8.9.7 Table 94). */
const GENERAL: Readonly<Record<string, GeneralFilter>> = {
  ASCIIHexDecode: 'ASCIIHexDecode', AHx: 'ASCIIHexDecode',
  ASCII85Decode: 'ASCII85Decode', A85: 'ASCII85Decode',
  LZWDecode: 'LZWDecode', LZW: 'LZWDecode',
  FlateDecode: 'FlateDecode', Fl: 'FlateDecode',
  RunLengthDecode: 'RunLengthDecode', RL: 'RunLengthDecode',
};

/** Image codecs (§7.4.6-7.4.9): they apply to image XObjects only, which are placed by their box, never read. */
const IMAGE: Readonly<Record<string, string>> = {
  DCTDecode: 'DCTDecode', DCT: 'DCTDecode',
  CCITTFaxDecode: 'CCITTFaxDecode', CCF: 'CCITTFaxDecode',
  JBIG2Decode: 'JBIG2Decode',
  JPXDecode: 'JPXDecode',
};

/**
 * Decodes a stream's data (ISO 32000-1 §7.4) through every general filter of its /Filter, each with
 * its /DecodeParms entry. The decoders are our own (src/core/pdf/filters/), short, and all write
 * through one bound: one stream at `maxBytes`, and everything the job decodes at its `budget`, which
 * every Buffer produced here (each filter's output, each predictor's) is charged to, as it grows for
 * the expanding filters, so neither a deflate bomb nor an LZW or run-length one gets past it.
 */
export function decodeStream(
  stream: PdfStream,
  cap: DecodeCap,
  resolve: (o: PdfObject | undefined) => PdfObject | undefined,
): DecodedStream {
  const chain = filterChain(stream, resolve);
  let data = Buffer.from(stream.data.buffer, stream.data.byteOffset, stream.data.byteLength);
  for (const [i, step] of chain.entries()) {
    if (step.kind === 'image') {
      if (i !== chain.length - 1) throw unsupported(`${step.filter} followed by another filter`);
      return { kind: 'image', filter: step.filter, data };
    }
    data = applyFilter(step.filter, step.parms, data, cap);
  }
  return { kind: 'data', data };
}

type FilterStep =
  | { readonly kind: 'general'; readonly filter: GeneralFilter; readonly parms: PdfDict | undefined }
  | { readonly kind: 'image'; readonly filter: string };

/**
 * §7.3.8.2: /Filter is a name or an array of names; /DecodeParms is then a dictionary or an array of
 * the same length whose entries may be null. A lone dictionary beside a filter array of more than one
 * is ignored, as pdf.js and MuPDF ignore it.
 */
function filterChain(stream: PdfStream, resolve: (o: PdfObject | undefined) => PdfObject | undefined): FilterStep[] {
  const f = resolve(stream.dict.get('Filter'));
  const p = resolve(stream.dict.get('DecodeParms'));
  const names = f === undefined || f === null ? [] : Array.isArray(f) ? f.map((x) => resolve(x)) : [f];
  const parms = Array.isArray(p) ? p.map((x) => resolve(x)) : names.length === 1 ? [p] : [];
  return names.flatMap((n, i): FilterStep[] => {
    if (!(n instanceof PdfName)) throw unsupported('filter is not a name');
    // §7.4.10: the reader decrypted the data under the crypt filter this names when it read the stream.
    if (n.name === 'Crypt') return [];
    const image = IMAGE[n.name];
    if (image !== undefined) return [{ kind: 'image', filter: image }];
    const general = GENERAL[n.name];
    if (general === undefined) throw unsupported(`filter ${n.name}`);
    const d = parms[i];
    return [{ kind: 'general', filter: general, parms: d instanceof PdfDict ? d : undefined }];
  });
}

function applyFilter(filter: GeneralFilter, parms: PdfDict | undefined, data: Buffer, cap: DecodeCap): Buffer {
  switch (filter) {
    case 'ASCIIHexDecode': return decodeAsciiHex(data, cap);
    case 'ASCII85Decode': return decodeAscii85(data, cap);
    case 'RunLengthDecode': return decodeRunLength(data, cap);
    case 'FlateDecode': return predicted(inflateCapped(data, cap), parms, cap.budget);
    case 'LZWDecode': return predicted(decodeLzw(data, earlyChange(parms), cap), parms, cap.budget);
  }
}

function predicted(data: Buffer, parms: PdfDict | undefined, budget: DecodeBudget): Buffer {
  return parms ? applyPredictor(data, parms, budget) : data;
}

/** §7.4.4.2 Table 10: /EarlyChange is 0 or 1, default 1. */
function earlyChange(parms: PdfDict | undefined): number {
  const v = parms ? numberValue(parms.get('EarlyChange')) ?? 1 : 1;
  if (v !== 0 && v !== 1) throw new DocsealError('corrupt_pdf', 'Bad LZW /EarlyChange.');
  return v;
}

function unsupported(what: string): DocsealError {
  return new DocsealError('unsupported_pdf', `Unsupported stream encoding: ${what}.`);
}

/** The data of a stream that must hold bytes to parse (objects, cross-references, content): an image codec there is malformed. */
export function syntaxData(decoded: DecodedStream): Buffer {
  if (decoded.kind === 'image') throw new DocsealError('corrupt_pdf', `A stream that must hold PDF syntax is encoded as an image (${decoded.filter}).`);
  return decoded.data;
}
