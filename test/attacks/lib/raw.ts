import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfDict, PdfRef, type PdfObject } from '../../../src/core/pdf/objects.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../../src/core/pdf-write/serialize.js';

/**
 * Byte-level primitives for forged revisions. The attacks need control our writer refuses to give
 * (no xref, no trailer, a wrong /Prev, startxref into the signed part, two definitions of one number),
 * so a revision is assembled here as text, with every offset known.
 */
export type RawObject = { readonly num: number; readonly gen?: number; readonly body: Buffer | string | PdfObject };

export type TailOptions = {
  /** 'table' (default), 'stream' (a cross-reference stream), or 'none' (objects only). */
  readonly xref?: 'table' | 'stream' | 'none';
  /** Write the trailer dictionary after an xref table (default true). */
  readonly trailer?: boolean;
  /** Override /Prev (default: the newest section of `pdf`); null leaves it out. */
  readonly prev?: number | null;
  /** Override the startxref value; 'none' writes neither startxref nor %%EOF. */
  readonly startxref?: number | 'none';
  /** Object numbers listed as free entries. */
  readonly free?: readonly number[];
  /** Extra trailer entries, as PDF source. */
  readonly trailerExtra?: string;
  /** Object numbers whose xref entry should point at another offset (masking). */
  readonly entryOverrides?: ReadonlyMap<number, number>;
  /** Additional xref rows (num → offset) written after the regular ones (duplicate entries). */
  readonly extraRows?: readonly (readonly [number, number])[];
};

export function bodyBytes(body: RawObject['body']): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'latin1');
  return serializeValue(body);
}

export function objectBytes(o: RawObject): Buffer {
  return Buffer.concat([Buffer.from(`${o.num} ${o.gen ?? 0} obj\n`), bodyBytes(o.body), Buffer.from('\nendobj\n')]);
}

export function openPdf(bytes: Buffer): PdfFile {
  return PdfFile.open(bytes, DEFAULT_PDF_LIMITS);
}

/** Appends `objects` and (per options) an xref section, trailer, startxref and %%EOF. Returns the new file and offsets. */
export function appendRaw(pdf: Buffer, objects: readonly RawObject[], opts: TailOptions = {}): { bytes: Buffer; offsets: Map<number, number>; xrefAt: number } {
  const file = openPdf(pdf);
  const chunks: Buffer[] = [pdf];
  let pos = pdf.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    pos += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  for (const o of objects) {
    if (!offsets.has(o.num)) offsets.set(o.num, pos);
    push(objectBytes(o));
  }
  const size = Math.max(file.size, ...objects.map((o) => o.num + 1));
  const rows = new Map(offsets);
  for (const [num, off] of opts.entryOverrides ?? []) rows.set(num, off);
  const xrefAt = pos;
  const prev = opts.prev === undefined ? file.sections[0]!.offset : opts.prev;
  const trailer = trailerSource(file.trailer, size + (opts.xref === 'stream' ? 1 : 0), prev, opts.trailerExtra ?? '');
  if (opts.xref === 'stream') push(xrefStream(size, rows, opts.free ?? [], trailer));
  else if (opts.xref !== 'none') {
    push(xrefTable(rows, opts.free ?? [], opts.extraRows ?? []));
    if (opts.trailer !== false) push(Buffer.from(`trailer\n${trailer}\n`, 'latin1'));
  }
  if (opts.startxref !== 'none') push(Buffer.from(`startxref\n${opts.startxref ?? xrefAt}\n%%EOF\n`));
  return { bytes: Buffer.concat(chunks), offsets, xrefAt };
}

function trailerSource(old: PdfDict, size: number, prev: number | null, extra: string): string {
  const d = new PdfDict();
  d.set('Size', size);
  for (const key of ['Root', 'Info', 'ID', 'Encrypt']) {
    const v = old.get(key);
    if (v !== undefined) d.set(key, v);
  }
  if (prev !== null) d.set('Prev', prev);
  const s = serializeValue(d).toString('latin1');
  return `${s.slice(0, -2)}${extra}>>`;
}

/** ISO 32000-1 §7.5.4: one subsection per entry keeps the table trivially correct for sparse numbers. */
export function xrefTable(rows: ReadonlyMap<number, number>, free: readonly number[], extra: readonly (readonly [number, number])[]): Buffer {
  const lines = ['xref', '0 1', '0000000000 65535 f '];
  for (const num of free) lines.push(`${num} 1`, '0000000000 00001 f ');
  for (const [num, off] of [...rows].sort((a, b) => a[0] - b[0])) lines.push(`${num} 1`, `${String(off).padStart(10, '0')} 00000 n `);
  for (const [num, off] of extra) lines.push(`${num} 1`, `${String(off).padStart(10, '0')} 00000 n `);
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

/** §7.5.8: an uncompressed cross-reference stream, W [1 4 2], numbered `num`, written at the current end. */
function xrefStream(num: number, rows: ReadonlyMap<number, number>, free: readonly number[], trailer: string): Buffer {
  const all: [number, number, number][] = [...rows.entries()].map(([n, off]) => [n, 1, off]);
  for (const n of free) all.push([n, 0, 0]);
  all.sort((a, b) => a[0] - b[0]);
  const data = Buffer.alloc(all.length * 7);
  all.forEach(([, type, off], i) => {
    data.writeUInt8(type, i * 7);
    data.writeUInt32BE(off, i * 7 + 1);
    data.writeUInt16BE(type === 0 ? 1 : 0, i * 7 + 5);
  });
  const index = all.map(([n]) => `${n} 1`).join(' ');
  const dict = `${trailer.slice(0, -2)}/Type /XRef /W [1 4 2] /Index [${index}] /Length ${data.length}>>`;
  return Buffer.concat([Buffer.from(`${num} 0 obj\n${dict}\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n')]);
}

/** A reference value, for building dictionaries with our object model. */
export const ref = (num: number, gen = 0): PdfRef => new PdfRef(num, gen);
