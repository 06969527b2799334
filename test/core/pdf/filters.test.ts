import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../../../src/core/limits.js';
import { DecodeBudget } from '../../../src/core/pdf/decode-budget.js';
import { decodeStream, syntaxData } from '../../../src/core/pdf/filters.js';
import { PdfDict, PdfName, PdfRef, PdfStream, type PdfObject } from '../../../src/core/pdf/objects.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { objectStreamBombs, type BombEncoding } from '../../helpers/decode-bombs.js';
import { ascii85Encode, asciiHexEncode, lzwEncode, lzwZeroBomb, runLengthEncode } from '../../helpers/filter-encoders.js';

const MIB = 1024 * 1024;
const TEXT = Buffer.from('BT /F1 12 Tf 72 720 Td (Filters, ISO 32000-1 7.4) Tj ET\n'.repeat(40), 'latin1');
const names = (...n: string[]) => n.map((x) => PdfName.of(x));

function stream(data: Buffer, filter: PdfObject, parms?: PdfObject): PdfStream {
  const d = new PdfDict();
  d.set('Filter', filter);
  if (parms !== undefined) d.set('DecodeParms', parms);
  return new PdfStream(d, data, 0);
}

function parms(entries: Record<string, number>): PdfDict {
  const d = new PdfDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, v);
  return d;
}

/** PNG Up rows (type 2) of `columns` bytes, as a writer of a /Predictor 12 stream produces them. */
function pngUp(raw: Buffer, columns: number): Buffer {
  const rows: Buffer[] = [];
  for (let r = 0; r * columns < raw.length; r++) {
    const row = raw.subarray(r * columns, (r + 1) * columns);
    const prev = r > 0 ? raw.subarray((r - 1) * columns, r * columns) : Buffer.alloc(columns);
    rows.push(Buffer.from([2, ...row.map((b, i) => (b - prev[i]!) & 0xff)]));
  }
  return Buffer.concat(rows);
}

function decode(s: PdfStream, resolve: (o: PdfObject | undefined) => PdfObject | undefined = (o) => o, budget = new DecodeBudget(256 * MIB)) {
  return decodeStream(s, { maxBytes: 64 * MIB, budget }, resolve);
}

const data = (s: PdfStream) => syntaxData(decode(s));

describe('decodeStream: filter chains (ISO 32000-1 §7.3.8.2, §7.4)', () => {
  it('decodes ReportLab style ASCII85 over Flate, with or without a null parameter array', () => {
    const packed = ascii85Encode(deflateSync(TEXT));
    expect(data(stream(packed, names('ASCII85Decode', 'FlateDecode')))).toEqual(TEXT);
    expect(data(stream(packed, names('ASCII85Decode', 'FlateDecode'), [null, null]))).toEqual(TEXT);
  });

  it('gives each filter its own /DecodeParms entry, null for none', () => {
    const packed = asciiHexEncode(deflateSync(pngUp(TEXT.subarray(0, 1000), 5)));
    const p = parms({ Predictor: 12, Columns: 5 });
    expect(data(stream(packed, names('ASCIIHexDecode', 'FlateDecode'), [null, p]))).toEqual(TEXT.subarray(0, 1000));
    expect(data(stream(deflateSync(pngUp(TEXT.subarray(0, 1000), 5)), PdfName.of('FlateDecode'), p))).toEqual(TEXT.subarray(0, 1000));
    expect(data(stream(deflateSync(pngUp(TEXT.subarray(0, 1000), 5)), names('FlateDecode'), p))).toEqual(TEXT.subarray(0, 1000));
  });

  it('ignores a lone parameter dictionary beside several filters, as pdf.js and MuPDF do', () => {
    const packed = ascii85Encode(deflateSync(TEXT));
    expect(data(stream(packed, names('ASCII85Decode', 'FlateDecode'), parms({ Predictor: 12, Columns: 5 })))).toEqual(TEXT);
  });

  it('reads the abbreviated names inline images use', () => {
    const packed = runLengthEncode(lzwEncode(asciiHexEncode(ascii85Encode(deflateSync(TEXT))), 0));
    const chain = names('RL', 'LZW', 'AHx', 'A85', 'Fl');
    expect(data(stream(packed, chain, [null, parms({ EarlyChange: 0 }), null, null, null]))).toEqual(TEXT);
  });

  it('applies /EarlyChange (default 1) and predictors to LZW', () => {
    expect(data(stream(lzwEncode(TEXT), PdfName.of('LZWDecode')))).toEqual(TEXT);
    expect(data(stream(lzwEncode(TEXT, 0), PdfName.of('LZWDecode'), parms({ EarlyChange: 0 })))).toEqual(TEXT);
    expect(data(stream(lzwEncode(pngUp(TEXT, 7)), PdfName.of('LZWDecode'), parms({ Predictor: 15, Columns: 7 })))).toEqual(TEXT);
    expect(() => data(stream(lzwEncode(TEXT), PdfName.of('LZWDecode'), parms({ EarlyChange: 2 })))).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
  });

  it('resolves indirect filter names and parameters', () => {
    const objects = new Map<number, PdfObject>([
      [7, names('ASCIIHexDecode', 'FlateDecode')],
      [8, PdfName.of('FlateDecode')],
      [9, parms({ Predictor: 12, Columns: 5 })],
    ]);
    const resolve = (o: PdfObject | undefined) => (o instanceof PdfRef ? objects.get(o.num) : o);
    const packed = asciiHexEncode(deflateSync(pngUp(TEXT, 5)));
    expect(syntaxData(decode(stream(packed, [PdfName.of('ASCIIHexDecode'), new PdfRef(8, 0)], [null, new PdfRef(9, 0)]), resolve))).toEqual(TEXT);
    expect(syntaxData(decode(stream(asciiHexEncode(deflateSync(TEXT)), new PdfRef(7, 0)), resolve))).toEqual(TEXT);
  });

  it('reports a stream whose last filter is an image codec as an image, decoded up to it, and never decodes the codec', () => {
    const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
    for (const codec of ['DCTDecode', 'DCT', 'JPXDecode', 'CCITTFaxDecode', 'CCF', 'JBIG2Decode']) {
      const full = codec === 'DCT' ? 'DCTDecode' : codec === 'CCF' ? 'CCITTFaxDecode' : codec;
      expect(decode(stream(jpeg, PdfName.of(codec)))).toEqual({ kind: 'image', filter: full, data: jpeg });
    }
    expect(decode(stream(ascii85Encode(jpeg), names('A85', 'DCTDecode')))).toEqual({ kind: 'image', filter: 'DCTDecode', data: jpeg });
    expect(() => syntaxData(decode(stream(jpeg, PdfName.of('DCTDecode'))))).toThrow(expect.objectContaining({ code: 'corrupt_pdf', message: expect.stringMatching(/encoded as an image \(DCTDecode\)/) }));
  });

  it('refuses unknown filters, filters that are not names and an image codec before another filter', () => {
    const unsupported = (msg: RegExp) => expect.objectContaining({ code: 'unsupported_pdf', message: expect.stringMatching(msg) });
    expect(() => data(stream(TEXT, PdfName.of('BrotliDecode')))).toThrow(unsupported(/filter BrotliDecode/));
    expect(() => data(stream(TEXT, [42]))).toThrow(unsupported(/filter is not a name/));
    expect(() => data(stream(TEXT, names('DCTDecode', 'FlateDecode')))).toThrow(unsupported(/DCTDecode followed by another filter/));
  });

  it('passes data without /Filter through untouched', () => {
    expect(decode(new PdfStream(new PdfDict(), TEXT, 0))).toEqual({ kind: 'data', data: TEXT });
  });
});

describe('every expanding filter stops at the same budget as Flate', () => {
  const limited = (maxDecodedBytes: number): PdfLimits => ({ ...DEFAULT_PDF_LIMITS, maxDecodedBytes });
  const overBudget = expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: 3.5 * MIB } });
  const encodings: [string, BombEncoding][] = [
    ['LZW under Flate', { filter: '[/FlateDecode /LZWDecode]', pack: (raw) => deflateSync(lzwEncode(raw)) }],
    ['RunLength under Flate', { filter: '[/FlateDecode /RunLengthDecode]', pack: (raw) => deflateSync(runLengthEncode(raw)) }],
    ['ASCII85 over Flate', { filter: '[/ASCII85Decode /FlateDecode]', pack: (raw) => ascii85Encode(deflateSync(raw)) }],
    ['ASCIIHex over Flate', { filter: '[/AHx /Fl]', pack: (raw) => asciiHexEncode(deflateSync(raw)) }],
  ];

  it.each(encodings)('%s: object streams sum up to the budget, and the one that does not fit is refused', (_, encoding) => {
    const file = PdfFile.open(objectStreamBombs(4, MIB, encoding), limited(3.5 * MIB));
    for (const n of [10, 11, 12]) expect(file.getObject(n)).toBeInstanceOf(PdfDict);
    expect(file.budget.used).toBeGreaterThanOrEqual(3 * MIB);
    expect(() => file.getObject(13)).toThrow(overBudget);
    expect(file.budget.used).toBeLessThanOrEqual(3.5 * MIB);
  });

  it('an LZW bomb of some twenty kilobytes (128 MiB of zeros) stops at the per-stream cap and at the budget', () => {
    const bomb = stream(deflateSync(lzwZeroBomb(16)), names('FlateDecode', 'LZWDecode'));
    expect(bomb.data.length).toBeLessThan(32 * 1024);
    expect(() => decode(bomb, (o) => o, new DecodeBudget(256 * MIB))).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxBytes: 64 * MIB } }));
    const budget = new DecodeBudget(16 * MIB);
    expect(() => decode(bomb, (o) => o, budget)).toThrow(expect.objectContaining({ code: 'limit_exceeded', details: { maxDecodedBytes: 16 * MIB } }));
    expect(budget.used).toBeLessThan(MIB);
  });
});
