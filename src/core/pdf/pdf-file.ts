import { DocsealError } from '../errors.js';
import type { PdfLimits } from '../limits.js';
import type { ObjectCrypt } from './crypt/object-crypt.js';
import { openStandardEncryption } from './crypt/security-handler.js';
import { DecodeBudget } from './decode-budget.js';
import { decodeStream, syntaxData, type DecodedStream } from './filters.js';
import { LexError, Lexer, isWhitespace } from './lexer.js';
import { PdfDict, PdfRef, PdfStream, PdfString, hasDuplicateKeys, isName, type PdfObject } from './objects.js';
import { ParseError, parseObject } from './parser.js';
import { corrupt, findStartXref, readXrefChain, type XrefEntry, type XrefSection } from './xref.js';

/**
 * Our own PDF reader: lazy, bounded, and strict about the structures a signature depends on.
 * We do not use pdf-lib for this: it parses the whole file up front (slow on 50 MB files), has no
 * nesting, inflate or cycle limits, and takes the last definition of an object in byte order, even
 * after %%EOF, instead of the one the cross-reference chain names (ISO 32000-1 §7.5.6).
 */
type ObjectStream = { data: Buffer; offsets: number[]; first: number };
/** The document's decryption, set once when it is opened; `encryptNum` is the /Encrypt dictionary's number. */
type Decryption = { readonly crypt: ObjectCrypt; readonly encryptNum: number | undefined };
type SharedParses = { byOffset: Map<number, PdfObject>; objStm: Map<string, ObjectStream>; decryption?: Decryption };

export class PdfFile {
  /** Newest revision first. */
  readonly sections: readonly XrefSection[];
  private readonly table = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfObject>();

  private constructor(
    readonly bytes: Buffer,
    readonly headerOffset: number,
    readonly version: string,
    readonly limits: PdfLimits,
    /** Every stream this file and its revision views decode is charged here. */
    readonly budget: DecodeBudget,
    sections: readonly XrefSection[] | number,
    /**
     * Structures different readers could read differently (content masking): duplicate xref rows, an
     * entry pointing at another object, a /Length that misses endstream, a dictionary key given twice
     * in an object read so far. Shared by every revision view.
     */
    readonly ambiguities: Set<string> = new Set(),
    private readonly shared: SharedParses = { byOffset: new Map(), objStm: new Map() },
  ) {
    this.sections =
      typeof sections === 'number'
        ? readXrefChain(bytes, sections, { limits, budget }, (offset) => this.readObjectAt(offset, undefined).value)
        : sections;
    for (const section of this.sections) {
      if (section.duplicateEntries) this.ambiguities.add('duplicate_xref_entries');
      if (section.trailer.duplicateKeys) this.ambiguities.add('duplicate_key');
    }
    // The newest section wins for each object number (§7.5.6).
    for (let i = this.sections.length - 1; i >= 0; i--) {
      for (const [num, e] of this.sections[i]!.entries) this.table.set(num, e);
    }
  }

  /**
   * The document as it was when section `index` (0 = newest) was the newest: what a signature over
   * that revision saw. Objects are read from the same bytes through that revision's table only.
   */
  asOfSection(index: number): PdfFile {
    if (index === 0) return this;
    return new PdfFile(this.bytes, this.headerOffset, this.version, this.limits, this.budget, this.sections.slice(index), this.ambiguities, this.shared);
  }

  /**
   * Reads the revision chain from the last `startxref`, or from `startXref` when given (the verifier
   * recovers earlier revisions that way). Throws not_pdf, corrupt_pdf, encrypted_pdf, ambiguous_pdf
   * or limit_exceeded; never a raw parser error.
   *
   * Each open is one job with its own decode budget of `limits.maxDecodedBytes`, unless `budget` is
   * given: the verifier opens several chains over the same bytes, and they all spend one job's budget.
   */
  static open(bytes: Buffer, limits: PdfLimits, startXref?: number, budget = new DecodeBudget(limits.maxDecodedBytes)): PdfFile {
    const { offset, version } = findHeader(bytes);
    const file = translateParseErrors(() => new PdfFile(bytes, offset, version, limits, budget, startXref ?? findStartXref(bytes)));
    if (file.trailer.has('Encrypt')) translateParseErrors(() => file.enableDecryption());
    return file;
  }

  /**
   * The standard security handler of an encrypted document (ISO 32000-1 §7.6), opened with the empty
   * user password; undefined for a document that is not encrypted. Every revision view shares it: the
   * newest trailer's /Encrypt governs how every reader decrypts the whole file, and the modification
   * analysis treats a revision that changes it as a forbidden change.
   */
  get crypt(): ObjectCrypt | undefined {
    return this.shared.decryption?.crypt;
  }

  /**
   * §7.6.1: strings and streams of indirect objects are decrypted as they are read; the /Encrypt
   * dictionary is not, nor are cross-reference streams (read before this, and skipped by the handler).
   * §7.5.7 keeps the /Encrypt dictionary out of object streams. Objects read while the handler was being
   * set up were read raw, so the caches start afresh.
   */
  private enableDecryption(): void {
    const raw = this.trailer.get('Encrypt');
    if (raw instanceof PdfRef && this.table.get(raw.num)?.type === 'compressed') {
      throw new DocsealError('encrypted_pdf', 'The PDF\'s encryption dictionary is inside an object stream, where no reader can decrypt it. Upload it without encryption.');
    }
    const encrypt = this.resolve(raw);
    if (!(encrypt instanceof PdfDict)) throw new DocsealError('encrypted_pdf', 'The PDF\'s /Encrypt is not a dictionary, so it cannot be decrypted. Upload it without encryption.');
    const id = this.trailer.get('ID');
    const firstId = Array.isArray(id) && id[0] instanceof PdfString ? Buffer.from(id[0].bytes) : undefined;
    // References are never encrypted, so the catalog's /Metadata can be read before decryption starts.
    const catalog = this.resolve(this.trailer.get('Root'));
    const metadata = catalog instanceof PdfDict ? catalog.get('Metadata') : undefined;
    const crypt = openStandardEncryption(encrypt, firstId, (o) => this.resolve(o), metadata instanceof PdfRef ? metadata.num : undefined);
    this.shared.decryption = { crypt, encryptNum: raw instanceof PdfRef ? raw.num : undefined };
    this.cache.clear();
    this.shared.byOffset.clear();
    this.shared.objStm.clear();
  }

  get trailer(): PdfDict {
    return this.sections[0]!.trailer;
  }

  /** Highest object number in use plus one: the next update's first free number (§7.5.5 /Size). */
  get size(): number {
    const s = this.trailer.get('Size');
    let max = typeof s === 'number' ? s : 0;
    for (const num of this.table.keys()) if (num + 1 > max) max = num + 1;
    return max;
  }

  entry(num: number): XrefEntry | undefined {
    return this.table.get(num);
  }

  getObject(num: number): PdfObject | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    const e = this.table.get(num);
    let value: PdfObject | undefined;
    if (e?.type === 'offset') value = this.objectAtOffset(e.offset, num);
    else if (e?.type === 'compressed') value = this.readCompressed(e.stream, e.index, num);
    if (value !== undefined) this.cache.set(num, value);
    return value;
  }

  /** Follows references (bounded); a dangling reference is null (§7.3.10). */
  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let cur = o;
    for (let i = 0; cur instanceof PdfRef; i++) {
      if (i >= this.limits.maxResolveChain) throw corrupt('A chain of references is too long or loops.');
      cur = this.getObject(cur.num) ?? null;
    }
    return cur;
  }

  get(d: PdfDict, key: string): PdfObject | undefined {
    return this.resolve(d.get(key));
  }

  getDict(d: PdfDict, key: string): PdfDict | undefined {
    const v = this.get(d, key);
    return v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : undefined;
  }

  catalog(): PdfDict {
    const root = this.resolve(this.trailer.get('Root'));
    if (!(root instanceof PdfDict)) throw corrupt('The document catalog is missing.');
    return root;
  }

  /**
   * The stream's decoded data, charged to the job's budget. `maxBytes` (at most the per-stream limit)
   * lets a caller that only samples content stop early; past it the decode throws limit_exceeded
   * while the budget is not overrun.
   */
  decode(stream: PdfStream, maxBytes = this.limits.maxDecodedStreamBytes): Buffer {
    return syntaxData(this.decodeAny(stream, maxBytes));
  }

  /** The same, reporting a stream whose last filter is an image codec as such instead of refusing it. */
  decodeAny(stream: PdfStream, maxBytes = this.limits.maxDecodedStreamBytes): DecodedStream {
    const cap = { maxBytes: Math.min(maxBytes, this.limits.maxDecodedStreamBytes), budget: this.budget };
    return decodeStream(stream, cap, (o) => this.resolve(o));
  }

  /** The `num gen obj` header at an offset, or undefined when none is there (nothing else is parsed). */
  headerAt(offset: number): { num: number; gen: number } | undefined {
    if (offset < 0 || offset >= this.bytes.length) return undefined;
    try {
      const lx = new Lexer(this.bytes, offset);
      const n = lx.next();
      const g = lx.next();
      const kw = lx.next();
      return n.kind === 'int' && g.kind === 'int' && kw.kind === 'keyword' && kw.value === 'obj' ? { num: n.value, gen: g.value } : undefined;
    } catch (e) {
      if (e instanceof LexError) return undefined;
      throw e;
    }
  }

  /** Parses `num gen obj … endobj` at an offset; checks the number matches what the xref promised. */
  readObjectAt(offset: number, expectedNum: number | undefined): { value: PdfObject; gen: number } {
    if (offset < 0 || offset >= this.bytes.length) throw corrupt('An object offset points outside the file.', { offset });
    const lx = new Lexer(this.bytes, offset);
    const n = lx.next();
    const g = lx.next();
    const kw = lx.next();
    if (n.kind !== 'int' || g.kind !== 'int' || kw.kind !== 'keyword' || kw.value !== 'obj') {
      throw corrupt('An object is not where the cross-reference table says.', { offset });
    }
    if (expectedNum !== undefined && n.value !== expectedNum) {
      this.ambiguities.add('xref_entry_mismatch');
      throw corrupt('An object number does not match its cross-reference entry.', { offset, expected: expectedNum });
    }
    const value = this.parseAt(lx);
    if (!(value instanceof PdfDict)) return { value, gen: g.value };
    const save = lx.pos;
    const t = lx.next();
    if (t.kind !== 'keyword' || t.value !== 'stream') {
      lx.pos = save;
      return { value, gen: g.value };
    }
    return { value: this.readStreamBody(value, lx.pos), gen: g.value };
  }

  private parseAt(lx: Lexer): PdfObject {
    try {
      const value = parseObject(lx, this.limits.maxDepth);
      if (hasDuplicateKeys(value)) this.ambiguities.add('duplicate_key');
      return value;
    } catch (e) {
      if (e instanceof ParseError) throw corrupt('An object cannot be parsed.', { offset: e.offset });
      throw e;
    }
  }

  /**
   * §7.3.8.1: the data starts after the EOL that follows `stream` and is exactly /Length bytes, then
   * `endstream`. A /Length that does not land on `endstream` is content masking: different readers
   * would see different bytes, so we refuse rather than guess.
   */
  private readStreamBody(d: PdfDict, afterKeyword: number): PdfStream {
    const b = this.bytes;
    let start = afterKeyword;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    const len = this.resolve(d.get('Length'));
    if (typeof len !== 'number' || len < 0 || start + len > b.length) throw corrupt('A stream has a missing or impossible /Length.');
    let p = start + len;
    while (p < b.length && isWhitespace(b[p]!)) p++;
    if (b.toString('latin1', p, p + 9) !== 'endstream') {
      this.ambiguities.add('stream_length_mismatch');
      throw new DocsealError('ambiguous_pdf', 'A stream /Length does not match its endstream: readers could disagree on its content.');
    }
    return new PdfStream(d, b.subarray(start, start + len), start);
  }

  /**
   * Revision views share what they parse: the same bytes at the same offset are the same object in
   * every revision. A stream whose /Length is indirect is the exception (a later revision could
   * redefine the length object), so it is parsed per view.
   */
  private objectAtOffset(offset: number, num: number): PdfObject {
    const hit = this.shared.byOffset.get(offset);
    if (hit !== undefined) return hit;
    const read = this.readObjectAt(offset, num);
    const d = this.shared.decryption;
    const value = d && num !== d.encryptNum ? d.crypt.decrypt(read.value, num, read.gen) : read.value;
    // Decrypted stream data is a copy of the file's bytes, held like decoded data: the budget counts it.
    if (value instanceof PdfStream && value !== read.value) this.budget.charge(value.data.byteLength);
    if (!(value instanceof PdfStream && value.dict.get('Length') instanceof PdfRef)) this.shared.byOffset.set(offset, value);
    return value;
  }

  private readCompressed(streamNum: number, index: number, num: number): PdfObject | undefined {
    const stm = this.objectStream(streamNum);
    const rel = stm.offsets[index * 2 + 1];
    if (stm.offsets[index * 2] !== num || rel === undefined) throw corrupt('An object stream does not hold the object its index names.');
    const lx = new Lexer(stm.data, stm.first + rel);
    return this.parseAt(lx);
  }

  /**
   * §7.5.7: an object stream starts with N pairs (object number, offset from /First). Decoded once per
   * file and shared by every revision view: the same data at the same offset decodes the same way,
   * also when its /Length is indirect (the key holds the length). Without the cache every object read
   * from the stream would inflate it again, and a few hundred reads of one stream would spend the budget.
   */
  /** The object numbers an object stream's header lists, in order (§7.5.7): what a reader scanning it finds. */
  objectStreamMembers(num: number): number[] {
    const { offsets } = this.objectStream(num);
    return offsets.filter((_, i) => i % 2 === 0);
  }

  private objectStream(num: number): ObjectStream {
    const e = this.table.get(num);
    if (e?.type !== 'offset') throw corrupt('An object stream is missing.');
    const s = this.objectAtOffset(e.offset, num);
    if (!(s instanceof PdfStream) || !isName(s.dict.get('Type'), 'ObjStm')) throw corrupt('An object stream is malformed.');
    const key = `${e.offset}:${s.data.byteLength}`;
    const hit = this.shared.objStm.get(key);
    if (hit) return hit;
    const n = s.dict.get('N');
    const first = s.dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || n > this.limits.maxXrefEntries) throw corrupt('An object stream header is malformed.');
    const data = this.decode(s);
    const lx = new Lexer(data, 0, Math.min(first, data.length));
    const offsets: number[] = [];
    for (let i = 0; i < n * 2; i++) {
      const t = lx.next();
      if (t.kind !== 'int') throw corrupt('An object stream header is malformed.');
      offsets.push(t.value);
    }
    const out = { data, offsets, first };
    this.shared.objStm.set(key, out);
    return out;
  }
}

/** Lexer and parser errors in untrusted input become corrupt_pdf where they enter. */
export function translateParseErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LexError || e instanceof ParseError) throw corrupt('The PDF cannot be parsed.', { offset: e.offset });
    throw e;
  }
}

/** §7.5.2: `%PDF-x.y`; readers accept it within the first 1024 bytes. */
function findHeader(bytes: Buffer): { offset: number; version: string } {
  const at = bytes.subarray(0, 1024).indexOf('%PDF-');
  if (at < 0) throw new DocsealError('not_pdf', 'The file is not a PDF (no %PDF- header).');
  const m = /^%PDF-(\d\.\d)/.exec(bytes.toString('latin1', at, at + 8));
  return { offset: at, version: m?.[1] ?? '1.4' };
}
