import { DocsealError } from '../errors.js';
import type { PdfLimits } from '../limits.js';
import type { DecodeBudget } from './decode-budget.js';
import { Lexer } from './lexer.js';
import { decodeStream, syntaxData } from './filters.js';
import { PdfDict, PdfStream, numberValue, isName, type PdfObject } from './objects.js';
import { ParseError, parseObject } from './parser.js';

export type XrefEntry =
  | { readonly type: 'free' }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

/** One cross-reference section and its trailer: one revision of the file (ISO 32000-1 §7.5.4-7.5.8). */
export type XrefSection = {
  /** Where the section begins (what `startxref` or `/Prev` points at). */
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly trailer: PdfDict;
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** An object number listed twice in this section: readers disagree on which row counts. */
  readonly duplicateEntries?: boolean;
};

export function corrupt(message: string, details?: Record<string, unknown>): DocsealError {
  return new DocsealError('corrupt_pdf', message, details);
}

/** §7.5.5: the last `startxref` in the file gives the offset of the newest section. */
export function findStartXref(bytes: Uint8Array): number {
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + tailStart, bytes.length - tailStart);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw corrupt('The file has no startxref: it is truncated or not a complete PDF.');
  const lx = new Lexer(bytes, tailStart + at + 9);
  const t = lx.next();
  if (t.kind !== 'int' || t.value < 0 || t.value >= bytes.length) throw corrupt('startxref does not point into the file.');
  return t.value;
}

/**
 * Reads the chain of sections from `start` through /Prev, newest first. Loops and overlong chains
 * are refused (a /Prev cycle is a classic hang).
 */
type ReadBounds = { readonly limits: PdfLimits; readonly budget: DecodeBudget };

export function readXrefChain(bytes: Uint8Array, start: number, bounds: ReadBounds, readObjectAt: (offset: number) => PdfObject): XrefSection[] {
  const { limits } = bounds;
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let total = 0;
  let offset: number | undefined = start;
  while (offset !== undefined) {
    if (seen.has(offset)) throw corrupt('The cross-reference chain loops.');
    if (sections.length >= limits.maxRevisions) throw new DocsealError('limit_exceeded', 'Too many revisions.');
    seen.add(offset);
    const section = readSection(bytes, offset, bounds, readObjectAt);
    // The bound holds for the whole chain, not per section: ten sections of a million rows each are as
    // costly as one of ten million.
    total += section.entries.size;
    if (total > limits.maxXrefEntries) throw new DocsealError('limit_exceeded', 'Too many cross-reference entries.');
    sections.push(section);
    const xrefStm = numberValue(section.trailer.get('XRefStm'));
    if (section.kind === 'table' && xrefStm !== undefined) {
      // §7.5.8.4 hybrid files: the stream's entries complement the table of the same revision.
      const hidden = readSection(bytes, xrefStm, bounds, readObjectAt);
      const merged = new Map(hidden.entries);
      for (const [k, v] of section.entries) merged.set(k, v);
      sections[sections.length - 1] = { ...section, entries: merged };
    }
    const prev = section.trailer.get('Prev');
    offset = typeof prev === 'number' ? prev : undefined;
    if (prev !== undefined && offset === undefined) throw corrupt('/Prev is not an integer.');
    if (offset !== undefined && (offset < 0 || offset >= bytes.length)) throw corrupt('/Prev points outside the file.');
  }
  return sections;
}

function readSection(bytes: Uint8Array, offset: number, bounds: ReadBounds, readObjectAt: (o: number) => PdfObject): XrefSection {
  const lx = new Lexer(bytes, offset);
  const head = lx.next();
  if (head.kind === 'keyword' && head.value === 'xref') return readTable(lx, offset, bounds.limits);
  if (head.kind === 'int') return readStreamSection(offset, readObjectAt(offset), bounds);
  throw corrupt('No cross-reference section where one is expected.', { offset });
}

function readTable(lx: Lexer, offset: number, limits: PdfLimits): XrefSection {
  const entries = new Map<number, XrefEntry>();
  let duplicateEntries = false;
  for (;;) {
    const t = lx.next();
    if (t.kind === 'keyword' && t.value === 'trailer') break;
    const c = lx.next();
    if (t.kind !== 'int' || c.kind !== 'int' || t.value < 0 || c.value < 0) throw corrupt('Malformed cross-reference table.', { offset });
    if (entries.size + c.value > limits.maxXrefEntries) throw new DocsealError('limit_exceeded', 'Too many cross-reference entries.');
    for (let i = 0; i < c.value; i++) {
      const off = lx.next();
      const gen = lx.next();
      const kind = lx.next();
      if (off.kind !== 'int' || gen.kind !== 'int' || kind.kind !== 'keyword') throw corrupt('Malformed cross-reference entry.', { offset });
      const num = t.value + i;
      if (entries.has(num)) duplicateEntries = true;
      if (kind.value === 'n') entries.set(num, { type: 'offset', offset: off.value, gen: gen.value });
      else if (kind.value === 'f') entries.set(num, { type: 'free' });
      else throw corrupt('Malformed cross-reference entry.', { offset });
    }
  }
  const trailer = parseTrailerDict(lx, limits.maxDepth);
  return { offset, kind: 'table', trailer, entries, ...(duplicateEntries ? { duplicateEntries } : {}) };
}

function parseTrailerDict(lx: Lexer, maxDepth: number): PdfDict {
  let value: PdfObject;
  try {
    value = parseObject(lx, maxDepth);
  } catch (e) {
    if (e instanceof ParseError) throw corrupt('The trailer cannot be parsed.');
    throw e;
  }
  if (!(value instanceof PdfDict)) throw corrupt('The trailer is not a dictionary.');
  return value;
}

/** §7.5.8: a cross-reference stream's /W, /Index and /Size describe binary rows of entries. */
function readStreamSection(offset: number, obj: PdfObject, bounds: ReadBounds): XrefSection {
  const { limits } = bounds;
  if (!(obj instanceof PdfStream) || !isName(obj.dict.get('Type'), 'XRef')) {
    throw corrupt('startxref or /Prev points at an object that is not a cross-reference stream.', { offset });
  }
  const d = obj.dict;
  const w = d.get('W');
  const size = d.get('Size');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8) || typeof size !== 'number') {
    throw corrupt('Malformed cross-reference stream dictionary.', { offset });
  }
  const widths = w as number[];
  const index = d.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => typeof x === 'number' && x >= 0)) {
    throw corrupt('Malformed /Index in a cross-reference stream.', { offset });
  }
  const data = syntaxData(decodeStream(obj, { maxBytes: limits.maxDecodedStreamBytes, budget: bounds.budget }, (o) => o));
  const rowLen = widths[0]! + widths[1]! + widths[2]!;
  // Every row takes at least one byte (/W [0 0 0] would let an empty stream declare millions of rows),
  // and the rows /Index declares must all be in the data, checked before any is built.
  let declared = 0;
  for (let i = 1; i < index.length; i += 2) declared += index[i] as number;
  if (rowLen === 0 || declared * rowLen > data.length) throw corrupt('A cross-reference stream is shorter than its /Index says.', { offset });
  if (declared > limits.maxXrefEntries) throw new DocsealError('limit_exceeded', 'Too many cross-reference entries.');
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let i = 0; i < index.length; i += 2) {
    const first = index[i] as number;
    const count = index[i + 1] as number;
    for (let k = 0; k < count; k++, pos += rowLen) {
      if (pos + rowLen > data.length) throw corrupt('A cross-reference stream is shorter than its /Index says.', { offset });
      const type = widths[0] === 0 ? 1 : readUint(data, pos, widths[0]!);
      const f2 = readUint(data, pos + widths[0]!, widths[1]!);
      const f3 = readUint(data, pos + widths[0]! + widths[1]!, widths[2]!);
      if (type === 0) entries.set(first + k, { type: 'free' });
      else if (type === 1) entries.set(first + k, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(first + k, { type: 'compressed', stream: f2, index: f3 });
      // §7.5.8.3: any other type is a reference to the null object; leaving the row out would let an
      // older definition stand where readers following the standard see null.
      else entries.set(first + k, { type: 'free' });
    }
  }
  return { offset, kind: 'stream', trailer: d, entries };
}

function readUint(data: Buffer, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[pos + i]!;
  return v;
}
