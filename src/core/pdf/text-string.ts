import { PdfString, type PdfObject } from './objects.js';

/** ISO 32000-1 §7.9.2.2: a text string is UTF-16BE with a BOM, UTF-8 with a BOM (2.0), or PDFDocEncoding. */
export function decodeText(s: PdfString): string {
  const b = Buffer.from(s.bytes);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1))).swap16().toString('utf16le');
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  // PDFDocEncoding agrees with Latin-1 on every character a field name or a date uses.
  return b.toString('latin1');
}

export function textOf(o: PdfObject | undefined): string | undefined {
  return o instanceof PdfString ? decodeText(o) : undefined;
}
