import { isRegular } from '../pdf/lexer.js';
import { PdfDict, PdfName, PdfReal, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects.js';

/**
 * Writes objects of our model as PDF syntax (ISO 32000-1 §7.3). Chunks are collected in an array and
 * joined once, which keeps serialisation linear in the output size.
 */
export function serializeIndirect(ref: PdfRef, value: PdfObject): Buffer {
  const parts: (string | Uint8Array)[] = [`${ref.num} ${ref.gen} obj\n`];
  writeValue(value, parts);
  parts.push('\nendobj\n');
  return join(parts);
}

export function serializeValue(value: PdfObject): Buffer {
  const parts: (string | Uint8Array)[] = [];
  writeValue(value, parts);
  return join(parts);
}

function join(parts: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

function writeValue(v: PdfObject, out: (string | Uint8Array)[]): void {
  if (v === null) out.push('null');
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (typeof v === 'number') out.push(Number.isInteger(v) ? String(v) : formatReal(v));
  else if (v instanceof PdfReal) out.push(formatReal(v.value));
  else if (v instanceof PdfName) out.push(formatName(v.name));
  else if (v instanceof PdfString) out.push(formatString(v));
  else if (v instanceof PdfRef) out.push(`${v.num} ${v.gen} R`);
  else if (Array.isArray(v)) writeArray(v, out);
  else if (v instanceof PdfStream) writeStream(v, out);
  else writeDict(v, out);
}

function writeArray(arr: PdfObject[], out: (string | Uint8Array)[]): void {
  out.push('[');
  arr.forEach((x, i) => {
    if (i > 0) out.push(' ');
    writeValue(x, out);
  });
  out.push(']');
}

function writeDict(d: PdfDict, out: (string | Uint8Array)[], skipLength = false): void {
  out.push('<<');
  for (const [k, x] of d.map) {
    if (skipLength && k === 'Length') continue;
    out.push(formatName(k), ' ');
    writeValue(x, out);
    out.push('\n');
  }
  out.push('>>');
}

/** §7.3.8: /Length is always the exact byte count of the data we write. */
function writeStream(s: PdfStream, out: (string | Uint8Array)[]): void {
  const d = new PdfDict(new Map(s.dict.map));
  d.set('Length', s.data.byteLength);
  writeDict(d, out);
  out.push('\nstream\n', s.data, '\nendstream');
}

export function formatReal(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const s = x.toFixed(4).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** §7.3.5: bytes outside the regular printable range are written as #xx. */
export function formatName(n: string): string {
  let s = '/';
  for (const byte of Buffer.from(n, 'latin1')) {
    s += byte > 0x20 && byte < 0x7f && byte !== 0x23 && isRegular(byte) ? String.fromCharCode(byte) : `#${byte.toString(16).padStart(2, '0')}`;
  }
  return s;
}

function formatString(s: PdfString): string {
  if (s.hex) return `<${Buffer.from(s.bytes).toString('hex')}>`;
  let out = '(';
  for (const b of s.bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}
