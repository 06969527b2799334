import { PdfDict, PdfRef, PdfStream, PdfString, name, type PdfObject } from '../pdf/objects.js';
import type { NewObject } from '../pdf/object-allocator.js';
import { serializeIndirect, serializeValue } from './serialize.js';

/** What the writer needs to know about the file it appends to. */
export type UpdateBase = {
  /** Length of the original file: the update starts here. */
  readonly length: number;
  /** Whether the original ends with an end-of-line (else the update starts with one). */
  readonly endsWithEol: boolean;
  /** The newest trailer (its /Root and /Info are carried over). */
  readonly trailer: PdfDict;
  /**
   * ISO 32000-1 §14.4: the file identifier's second element changes with every version of the file,
   * the first never does. Sixteen bytes that identify this update (the caller derives them from what
   * makes it unique).
   */
  readonly versionId: Buffer;
  /** Offset of the newest cross-reference section: our /Prev. */
  readonly prevXref: number;
  /** Write a cross-reference stream (the original's newest section is one) or a classic table. */
  readonly xrefStream: boolean;
};

/** An object already serialised (e.g. the signature dictionary, whose placeholders we track). */
export type PreparedObject = { readonly ref: PdfRef; readonly bytes: Buffer };

export type WrittenUpdate = {
  readonly update: Buffer;
  /** Offset of each new or changed object, from the start of the whole file. */
  readonly offsets: ReadonlyMap<number, number>;
};

/**
 * Writes an incremental update (ISO 32000-1 §7.5.6): the given objects, a cross-reference section
 * listing only them, and a trailer whose /Prev links to the previous section. The original bytes are
 * never touched, so signatures already in the file keep covering exactly what they covered.
 * `xrefRef` must be a fresh object number when `base.xrefStream` is set.
 */
export function writeIncrementalUpdate(base: UpdateBase, objects: readonly (NewObject | PreparedObject)[], size: number, xrefRef?: PdfRef): WrittenUpdate {
  const chunks: Buffer[] = [];
  let pos = base.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    pos += b.length;
  };
  if (!base.endsWithEol) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  // §7.5.4: an entry carries the generation its object is written under (a rewritten object keeps
  // its own); a row saying otherwise makes readers rebuild the table.
  const gens = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.ref.num, pos);
    gens.set(o.ref.num, o.ref.gen);
    push('bytes' in o ? o.bytes : serializeIndirect(o.ref, o.value));
  }
  const xrefOffset = pos;
  if (base.xrefStream) {
    if (!xrefRef) throw new Error('xrefRef is required for a cross-reference stream');
    offsets.set(xrefRef.num, xrefOffset);
    gens.set(xrefRef.num, xrefRef.gen);
    push(xrefStreamObject(base, offsets, gens, size, xrefRef));
  } else {
    push(xrefTable(offsets, gens));
    push(Buffer.concat([Buffer.from('trailer\n'), serializeValue(trailerDict(base, size)), Buffer.from('\n')]));
  }
  push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`));
  return { update: Buffer.concat(chunks), offsets };
}

function trailerDict(base: UpdateBase, size: number): PdfDict {
  const d = new PdfDict();
  d.set('Size', size);
  // ISO 32000-1 §7.6.1: an encrypted document stays encrypted; every trailer names its /Encrypt, and
  // the new objects are written encrypted under the same key (which /ID's first element keeps).
  for (const key of ['Root', 'Info', 'Encrypt'] as const) {
    const v = base.trailer.get(key);
    if (v !== undefined) d.set(key, v);
  }
  d.set('ID', fileIdentifier(base));
  d.set('Prev', base.prevXref);
  return d;
}

/**
 * §14.4: [the first element as the original file wrote it, this version's]. A file without an
 * identifier gets one now, both elements equal, as a file first written does.
 */
function fileIdentifier(base: UpdateBase): PdfString[] {
  const old = base.trailer.get('ID');
  const first = Array.isArray(old) && old[0] instanceof PdfString ? old[0] : undefined;
  const next = new PdfString(base.versionId, true);
  return [first ?? next, next];
}

/** Consecutive object numbers form one subsection (§7.5.4). */
function subsections(nums: number[]): [number, number[]][] {
  const sorted = [...nums].sort((a, b) => a - b);
  const out: [number, number[]][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === n) last[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

/** §7.5.4: each entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte EOL. */
function xrefTable(offsets: ReadonlyMap<number, number>, gens: ReadonlyMap<number, number>): Buffer {
  let s = 'xref\n';
  for (const [first, nums] of subsections([...offsets.keys()])) {
    s += `${first} ${nums.length}\n`;
    for (const n of nums) s += `${String(offsets.get(n)).padStart(10, '0')} ${String(gens.get(n) ?? 0).padStart(5, '0')} n\r\n`;
  }
  return Buffer.from(s, 'latin1');
}

/** §7.5.8: a cross-reference stream with /W [1 4 2] (or 8-byte offsets past 4 GiB), unfiltered. */
function xrefStreamObject(base: UpdateBase, offsets: ReadonlyMap<number, number>, gens: ReadonlyMap<number, number>, size: number, ref: PdfRef): Buffer {
  const ow = Math.max(...offsets.values()) > 0xffffffff ? 8 : 4;
  const subs = subsections([...offsets.keys()]);
  const rows: number[] = [];
  const index: PdfObject[] = [];
  for (const [first, nums] of subs) {
    index.push(first, nums.length);
    for (const n of nums) {
      rows.push(1);
      const off = offsets.get(n)!;
      for (let i = ow - 1; i >= 0; i--) rows.push(Math.floor(off / 2 ** (8 * i)) & 0xff);
      const gen = gens.get(n) ?? 0;
      rows.push(gen >> 8, gen & 0xff);
    }
  }
  const d = trailerDict(base, size);
  d.set('Type', name('XRef'));
  d.set('W', [1, ow, 2]);
  d.set('Index', index);
  return serializeIndirect(ref, new PdfStream(d, Buffer.from(rows)));
}
