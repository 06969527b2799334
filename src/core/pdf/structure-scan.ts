import { DocsealError, isLimitExceeded } from '../errors.js';
import { isRegular, isWhitespace } from './lexer.js';
import { PdfStream } from './objects.js';
import type { PdfFile } from './pdf-file.js';

/**
 * Recovery scans over the raw bytes. The verifier reads objects through the cross-reference chain,
 * but other readers (pdf-lib among them) scan the body and take the last definition in byte order,
 * or follow a different `startxref`. These scans find what such readers would see and we do not:
 * that difference is what content-masking and broken-chain attacks exploit.
 */

/** Regions of the file to scan, half-open [start, end). */
export type Regions = readonly (readonly [number, number])[];

/** Calls `fn` with every occurrence of `needle` inside the regions, in file order, until it returns false. */
function forEachHit(bytes: Buffer, needle: string, regions: Regions, fn: (at: number) => boolean): void {
  for (const [start, end] of regions) {
    const region = bytes.subarray(start, end);
    for (let at = region.indexOf(needle); at >= 0; at = region.indexOf(needle, at + needle.length)) {
      if (!fn(start + at)) return;
    }
  }
}

/** The offsets every `startxref` keyword in the regions (default: the whole file) points at, in file order. */
export function startXrefTargets(bytes: Buffer, regions: Regions = [[0, bytes.length]]): number[] {
  const out: number[] = [];
  forEachHit(bytes, 'startxref', regions, (at) => {
    let p = at + 9;
    while (p < bytes.length && isWhitespace(bytes[p]!)) p++;
    let n = 0;
    let digits = 0;
    while (p < bytes.length && bytes[p]! >= 0x30 && bytes[p]! <= 0x39 && digits < 16) {
      n = n * 10 + (bytes[p++]! - 0x30);
      digits++;
    }
    if (digits > 0) out.push(n);
    return out.length < 10_000;
  });
  return out;
}

/** Known object offsets of every revision, sorted. */
function knownOffsets(file: PdfFile): number[] {
  const known = new Set<number>();
  for (const section of file.sections) {
    known.add(section.offset);
    for (const e of section.entries.values()) if (e.type === 'offset') known.add(e.offset);
  }
  return [...known].sort((a, b) => a - b);
}

const LARGE_GAP = 256 * 1024;
const regionCache = new WeakMap<PdfFile, Map<number, Regions>>();

/**
 * The file minus the data of its large streams (images, embedded files): a reader that parses the
 * body object by object skips stream data by its /Length too, so nothing it could see is missed, and
 * a 50 MB scan shrinks to the few kilobytes of object syntax. Only objects followed by a gap of more
 * than 256 KiB are read to find their extent, which bounds the work by the file size. The data of
 * streams defined at or after `keepFrom` stays in: see `unreferencedDefinitions`.
 */
export function bodyRegions(file: PdfFile, keepFrom = Infinity): Regions {
  let cache = regionCache.get(file);
  if (!cache) regionCache.set(file, (cache = new Map()));
  const cached = cache.get(keepFrom);
  if (cached) return cached;
  const known = knownOffsets(file);
  const regions: [number, number][] = [];
  let from = 0;
  known.forEach((offset, i) => {
    const next = known[i + 1] ?? file.bytes.length;
    if (next - offset <= LARGE_GAP || offset >= keepFrom) return;
    const data = streamData(file, offset);
    if (!data || data[0] < from) return;
    regions.push([from, data[0]]);
    from = data[1];
  });
  regions.push([from, file.bytes.length]);
  cache.set(keepFrom, regions);
  return regions;
}

function streamData(file: PdfFile, offset: number): [number, number] | undefined {
  try {
    const v = file.readObjectAt(offset, undefined).value;
    return v instanceof PdfStream ? [v.dataOffset, v.dataOffset + v.data.length] : undefined;
  } catch {
    return undefined;
  }
}

export type ObjectDefinition = { readonly num: number; readonly offset: number };

/** More candidate definitions than this and the scan refuses the file rather than stop short. */
const MAX_CANDIDATES = 100_000;

/**
 * Object definitions (`n g obj`) in the body that no cross-reference section points at. Those inside
 * the data of a stream defined before `streamDataFrom` are stream content, not definitions. Inside a
 * stream defined at or after it they count: a reader that cannot resolve an object as written rebuilds
 * its cross-reference table by scanning every line of the file (poppler does), stream data included,
 * and takes the last definition it finds, so a stream added after signing can carry the objects such a
 * reader will show. Throws limit_exceeded past MAX_CANDIDATES, so that no definition goes unexamined.
 */
export function unreferencedDefinitions(file: PdfFile, streamDataFrom = Infinity): ObjectDefinition[] {
  const sortedKnown = knownOffsets(file);
  const known = new Set(sortedKnown);
  const out: ObjectDefinition[] = [];
  let examined = 0;
  forEachHit(file.bytes, 'obj', bodyRegions(file, streamDataFrom), (at) => {
    const header = headerBefore(file.bytes, at);
    if (!header || known.has(header.offset)) return true;
    if (++examined > MAX_CANDIDATES) {
      throw new DocsealError('limit_exceeded', 'Too many object definitions outside the cross-reference table to examine.', { max: MAX_CANDIDATES });
    }
    const holder = enclosingStream(file, sortedKnown, header.offset);
    if (holder === undefined || holder >= streamDataFrom) out.push(header);
    return true;
  });
  return out;
}

/**
 * Reads `num gen obj` backwards from the `obj` keyword at `at`. Numbers may have any count of digits
 * (leading zeros included), as a rebuilding reader takes them. The digits and white space read back
 * end at the first other byte, so no byte is read back for two hits: a whole scan stays linear.
 */
function headerBefore(b: Buffer, at: number): ObjectDefinition | undefined {
  if (at + 3 < b.length && isRegular(b[at + 3]!)) return undefined;
  let p = at - 1;
  const digitsBack = (): number => {
    const end = p;
    while (p >= 0 && b[p]! >= 0x30 && b[p]! <= 0x39) p--;
    return end - p;
  };
  if (p < 0 || !isWhitespace(b[p]!)) return undefined;
  while (p >= 0 && isWhitespace(b[p]!)) p--;
  if (digitsBack() === 0) return undefined;
  if (p < 0 || !isWhitespace(b[p]!)) return undefined;
  while (p >= 0 && isWhitespace(b[p]!)) p--;
  const numEnd = p;
  if (digitsBack() === 0) return undefined;
  if (p >= 0 && isRegular(b[p]!)) return undefined;
  return { num: Number(b.toString('latin1', p + 1, numEnd + 1)), offset: p + 1 };
}

/** The greatest known offset below `offset` (the object that starts nearest before it), or -1. */
function nearestBefore(sortedKnown: readonly number[], offset: number): number {
  let lo = 0;
  let hi = sortedKnown.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sortedKnown[mid]! < offset) {
      best = sortedKnown[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The offset of the stream object whose data holds `offset` (the object that starts nearest before it), if any. */
function enclosingStream(file: PdfFile, sortedKnown: readonly number[], offset: number): number | undefined {
  const best = nearestBefore(sortedKnown, offset);
  if (best < 0) return undefined;
  try {
    const v = file.readObjectAt(best, undefined).value;
    return v instanceof PdfStream && offset >= v.dataOffset && offset < v.dataOffset + v.data.length ? best : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Objects that object streams of the file hold but no cross-reference entry lists there (§7.5.7):
 * a strict reader never reads them; MuPDF, when it repairs a file, reads every object stream it finds
 * and takes them. Object streams are found by their `/ObjStm` in the body (their dictionaries are
 * never inside stream data); bounded by the scan's candidates like unreferencedDefinitions.
 */
export function unlistedObjectStreamMembers(file: PdfFile): number {
  const sortedKnown = knownOffsets(file);
  const seen = new Set<number>();
  let unlisted = 0;
  forEachHit(file.bytes, '/ObjStm', bodyRegions(file), (at) => {
    const start = nearestBefore(sortedKnown, at);
    const header = start >= 0 ? file.headerAt(start) : undefined;
    if (!header || seen.has(header.num) || file.entry(header.num)?.type !== 'offset') return true;
    seen.add(header.num);
    if (seen.size > MAX_CANDIDATES) throw new DocsealError('limit_exceeded', 'Too many object streams to examine.', { max: MAX_CANDIDATES });
    try {
      file.objectStreamMembers(header.num).forEach((member, index) => {
        const e = file.entry(member);
        if (!(e?.type === 'compressed' && e.stream === header.num && e.index === index)) unlisted++;
      });
    } catch (e) {
      if (isLimitExceeded(e)) throw e;
    }
    return true;
  });
  return unlisted;
}
