import { DocsealError } from '../errors.js';

/** The raw tables of a TrueType (glyf-outline) font, read once so a subset is a matter of copying bytes. */
export type TrueTypeTables = {
  readonly bytes: Uint8Array;
  /** Table tag to its bytes (views into `bytes`, no copy). */
  readonly tables: ReadonlyMap<string, Uint8Array>;
  readonly numGlyphs: number;
  readonly unitsPerEm: number;
  /** `glyphStart[gid]`..`glyphStart[gid + 1]` is the glyph's span in the glyf table. */
  readonly glyphStart: Uint32Array;
  /** Advance width and left side bearing per glyph, in font units. */
  readonly advances: Uint16Array;
  readonly bearings: Int16Array;
};

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function readDirectory(bytes: Uint8Array): Map<string, Uint8Array> {
  const dv = view(bytes);
  if (bytes.length < 12 || dv.getUint32(0) !== 0x00010000) {
    throw new DocsealError('config_invalid', 'The seal font is not a TrueType font.');
  }
  const tables = new Map<string, Uint8Array>();
  const count = dv.getUint16(4);
  for (let i = 0; i < count; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(rec, rec + 4));
    const offset = dv.getUint32(rec + 8);
    const length = dv.getUint32(rec + 12);
    if (offset + length > bytes.length) {
      throw new DocsealError('config_invalid', 'The seal font is truncated.', { table: tag });
    }
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  return tables;
}

function requireTable(tables: Map<string, Uint8Array>, tag: string): Uint8Array {
  const t = tables.get(tag);
  if (!t) {
    // A CFF-outline (OpenType/CFF) font has no glyf/loca; FontFile2 needs TrueType outlines (ISO 32000-1 §9.9).
    throw new DocsealError('config_invalid', 'The seal font lacks TrueType outlines.', { missing: tag });
  }
  return t;
}

function readLoca(loca: Uint8Array, longFormat: boolean, numGlyphs: number): Uint32Array {
  const dv = view(loca);
  const starts = new Uint32Array(numGlyphs + 1);
  for (let i = 0; i <= numGlyphs; i++) {
    starts[i] = longFormat ? dv.getUint32(i * 4) : dv.getUint16(i * 2) * 2;
  }
  return starts;
}

function readMetrics(hmtx: Uint8Array, numberOfHMetrics: number, numGlyphs: number) {
  const dv = view(hmtx);
  const advances = new Uint16Array(numGlyphs);
  const bearings = new Int16Array(numGlyphs);
  let last = 0;
  for (let gid = 0; gid < numGlyphs; gid++) {
    if (gid < numberOfHMetrics) {
      last = dv.getUint16(gid * 4);
      bearings[gid] = dv.getInt16(gid * 4 + 2);
    } else {
      // OpenType 'hmtx': glyphs past numberOfHMetrics repeat the last advance and list only their bearing.
      bearings[gid] = dv.getInt16(numberOfHMetrics * 4 + (gid - numberOfHMetrics) * 2);
    }
    advances[gid] = last;
  }
  return { advances, bearings };
}

export function readTrueTypeTables(input: Uint8Array): TrueTypeTables {
  // A plain Uint8Array view: a Buffer's slice() shares memory, and the subsetter edits its copies.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const tables = readDirectory(bytes);
  const head = view(requireTable(tables, 'head'));
  const numGlyphs = view(requireTable(tables, 'maxp')).getUint16(4);
  const numberOfHMetrics = view(requireTable(tables, 'hhea')).getUint16(34);
  const glyphStart = readLoca(requireTable(tables, 'loca'), head.getInt16(50) === 1, numGlyphs);
  requireTable(tables, 'glyf');
  const { advances, bearings } = readMetrics(requireTable(tables, 'hmtx'), numberOfHMetrics, numGlyphs);
  return { bytes, tables, numGlyphs, unitsPerEm: head.getUint16(18), glyphStart, advances, bearings };
}
