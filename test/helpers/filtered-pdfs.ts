import { deflateSync } from 'node:zlib';
import { ascii85Encode, asciiHexEncode, lzwEncode, runLengthEncode } from './filter-encoders.js';

/**
 * One-page PDFs whose content stream, object stream and cross-reference stream (ISO 32000-1 §7.5.7,
 * §7.5.8) are written with the filters other producers use: ReportLab's ASCII85 over Flate, old
 * Distillers' LZW, Flate with the PNG Up predictor most cross-reference streams carry, and so on.
 * The page shows a line of text at the top and a JPEG (DCTDecode) image in `imageBox`.
 */

/** How one stream is written: its /Filter and /DecodeParms values and the encoder for them. */
export type StreamEncoding = { readonly filter: string; readonly parms?: string; readonly pack: (raw: Buffer) => Buffer };

/** An encoding per stream kind; `xref` gets rows of 7 bytes (/W [1 4 2]), so /Columns 7 for predictors. */
export type FilteredPdfSpec = { readonly content: StreamEncoding; readonly objects: StreamEncoding; readonly xref: StreamEncoding };

/** An 8 × 8 red JPEG written by Pillow (quality 50). */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363636363ffc00011080008000803012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00c7a28a2b84fa83ffd9', 'hex');

/** PNG Up rows (type 2, RFC 2083 §6.3) of `columns` bytes, as /Predictor 12 writers produce them. */
export function pngUpRows(raw: Buffer, columns: number): Buffer {
  const rows: Buffer[] = [];
  for (let r = 0; r * columns < raw.length; r++) {
    const row = raw.subarray(r * columns, (r + 1) * columns);
    const prev = r > 0 ? raw.subarray((r - 1) * columns, r * columns) : Buffer.alloc(columns);
    rows.push(Buffer.from([2, ...row.map((b, i) => (b - prev[i]!) & 0xff)]));
  }
  return Buffer.concat(rows);
}

const PNG_XREF = '<< /Predictor 12 /Columns 7 >>';

export const ENCODINGS = {
  ascii85Flate: { filter: '[/ASCII85Decode /FlateDecode]', pack: (raw: Buffer) => ascii85Encode(deflateSync(raw)) },
  ascii85FlatePng: { filter: '[/ASCII85Decode /FlateDecode]', parms: `[null ${PNG_XREF}]`, pack: (raw: Buffer) => ascii85Encode(deflateSync(pngUpRows(raw, 7))) },
  lzw: { filter: '/LZWDecode', pack: (raw: Buffer) => lzwEncode(raw) },
  lzwEarly0: { filter: '/LZWDecode', parms: '<< /EarlyChange 0 >>', pack: (raw: Buffer) => lzwEncode(raw, 0) },
  lzwPng: { filter: '/LZWDecode', parms: PNG_XREF, pack: (raw: Buffer) => lzwEncode(pngUpRows(raw, 7)) },
  flate: { filter: '/FlateDecode', pack: (raw: Buffer) => deflateSync(raw) },
  flatePng: { filter: '/FlateDecode', parms: PNG_XREF, pack: (raw: Buffer) => deflateSync(pngUpRows(raw, 7)) },
  hexRunLength: { filter: '[/AHx /RL]', pack: (raw: Buffer) => asciiHexEncode(runLengthEncode(raw)) },
} satisfies Record<string, StreamEncoding>;

/** The image's own chain: text-safe ASCII85 over the JPEG, which no reader of ours decodes (§7.4.8). */
const JPEG_IN_ASCII85: StreamEncoding = { filter: '[/ASCII85Decode /DCTDecode]', pack: ascii85Encode };

type Box = readonly [number, number, number, number];

function streamObject(num: number, dict: string, enc: StreamEncoding, raw: Buffer): Buffer {
  const data = enc.pack(raw);
  const parms = enc.parms ? ` /DecodeParms ${enc.parms}` : '';
  const head = `${num} 0 obj\n<< ${dict} /Filter ${enc.filter}${parms} /Length ${data.length} >>\nstream\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/**
 * Objects 1 (catalog), 2 (pages), 3 (page) and 5 (font) sit in object stream 7; the content (4) and
 * the image (6) are top-level; 8 is the cross-reference stream.
 */
export function makeFilteredPdf(spec: FilteredPdfSpec, imageBox: Box = [380, 60, 540, 220]): Buffer {
  const [x0, y0, x1, y1] = imageBox;
  const content = Buffer.from(
    `BT /F1 16 Tf 72 760 Td (Filtered streams: ${spec.content.filter}) Tj ET\nq ${x1 - x0} 0 0 ${y1 - y0} ${x0} ${y0} cm /Im1 Do Q\n`,
    'latin1',
  );
  const inStream: [number, string][] = [
    [1, '<< /Type /Catalog /Pages 2 0 R >>'],
    [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
    [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>'],
    [5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'],
  ];
  let header = '';
  let body = '';
  for (const [num, text] of inStream) {
    header += `${num} ${body.length} `;
    body += `${text}\n`;
  }
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets = new Map<number, number>();
  const add = (num: number, b: Buffer): void => {
    offsets.set(num, parts.reduce((n, p) => n + p.length, 0));
    parts.push(b);
  };
  add(4, streamObject(4, '', spec.content, content));
  add(6, streamObject(6, '/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8', JPEG_IN_ASCII85, JPEG));
  const objStm = Buffer.from(header + body, 'latin1');
  add(7, streamObject(7, `/Type /ObjStm /N ${inStream.length} /First ${header.length}`, spec.objects, objStm));
  const xrefAt = parts.reduce((n, p) => n + p.length, 0);
  offsets.set(8, xrefAt);
  const rows = Buffer.alloc(9 * 7);
  rows.writeUInt8(0, 0);
  rows.writeUInt16BE(0xffff, 5);
  for (let n = 1; n <= 8; n++) {
    const at = offsets.get(n);
    const inObjStm = inStream.findIndex(([num]) => num === n);
    rows.writeUInt8(at !== undefined ? 1 : 2, n * 7);
    rows.writeUInt32BE(at ?? 7, n * 7 + 1);
    rows.writeUInt16BE(at !== undefined ? 0 : inObjStm, n * 7 + 5);
  }
  parts.push(streamObject(8, '/Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R', spec.xref, rows));
  parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
