import type { TrueTypeTables } from './truetype-tables.js';

/** Composite glyph flags (OpenType 'glyf', composite glyph description). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/**
 * The tables a TrueType font program embedded in a PDF needs (ISO 32000-1 §9.9: cmap, name, OS/2 and
 * post may be left out because the PDF's CIDToGIDMap and widths take their place).
 */
const KEPT_TABLES = ['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep'];

/**
 * Builds a TrueType program with the glyphs `gids` (original ids), numbered in that order: the glyph
 * `gids[i]` becomes glyph `i`. Components of composite glyphs are appended and their references
 * renumbered. Returns the program and the final list of original ids (with the appended components).
 */
export function subsetTrueType(
  font: TrueTypeTables,
  gids: readonly number[],
): { program: Uint8Array; glyphs: number[] } {
  const glyphs = [...gids];
  const newId = new Map<number, number>(glyphs.map((g, i) => [g, i]));
  const glyfParts: Uint8Array[] = [];
  const glyf = font.tables.get('glyf') as Uint8Array;
  for (let i = 0; i < glyphs.length; i++) {
    const gid = glyphs[i] as number;
    const data = glyf.slice(font.glyphStart[gid], font.glyphStart[gid + 1]);
    if (data.length >= 10 && new DataView(data.buffer, data.byteOffset).getInt16(0) < 0) {
      renumberComponents(data, (component) => {
        let id = newId.get(component);
        if (id === undefined) {
          id = glyphs.push(component) - 1;
          newId.set(component, id);
        }
        return id;
      });
    }
    glyfParts.push(data);
  }
  const tables = subsetTables(font, glyphs, glyfParts);
  return { program: writeFont(tables), glyphs };
}

function renumberComponents(data: Uint8Array, renumber: (gid: number) => number): void {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 10;
  for (;;) {
    const flags = dv.getUint16(pos);
    dv.setUint16(pos + 2, renumber(dv.getUint16(pos + 2)));
    pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) pos += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) pos += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) pos += 8;
    if (!(flags & MORE_COMPONENTS)) return;
  }
}

function subsetTables(font: TrueTypeTables, glyphs: number[], parts: Uint8Array[]): Map<string, Uint8Array> {
  const n = glyphs.length;
  const padded = parts.map((p) => p.length + ((4 - (p.length % 4)) % 4));
  const glyf = new Uint8Array(padded.reduce((a, b) => a + b, 0));
  const loca = new DataView(new ArrayBuffer(4 * (n + 1)));
  const hmtx = new DataView(new ArrayBuffer(4 * n));
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const gid = glyphs[i] as number;
    loca.setUint32(4 * i, offset);
    glyf.set(parts[i] as Uint8Array, offset);
    offset += padded[i] as number;
    hmtx.setUint16(4 * i, font.advances[gid] as number);
    hmtx.setInt16(4 * i + 2, font.bearings[gid] as number);
  }
  loca.setUint32(4 * n, offset);
  const head = copyTable(font, 'head');
  head.setUint32(8, 0); // checkSumAdjustment, set once the whole file is known
  head.setInt16(50, 1); // long loca offsets
  const hhea = copyTable(font, 'hhea');
  hhea.setUint16(34, n);
  const maxp = copyTable(font, 'maxp');
  maxp.setUint16(4, n);
  const out = new Map<string, Uint8Array>();
  for (const tag of KEPT_TABLES) {
    const original = font.tables.get(tag);
    if (original) out.set(tag, original);
  }
  out.set('glyf', glyf);
  out.set('loca', new Uint8Array(loca.buffer));
  out.set('hmtx', new Uint8Array(hmtx.buffer));
  out.set('head', new Uint8Array(head.buffer));
  out.set('hhea', new Uint8Array(hhea.buffer));
  out.set('maxp', new Uint8Array(maxp.buffer));
  return out;
}

function copyTable(font: TrueTypeTables, tag: string): DataView {
  return new DataView((font.tables.get(tag) as Uint8Array).slice().buffer);
}

function checksum(bytes: Uint8Array, start: number, length: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sum = 0;
  for (let i = start; i < start + length; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  return sum;
}

/** Writes the sfnt container: offset table, table records sorted by tag, 4-byte aligned tables. */
function writeFont(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const headerSize = 12 + 16 * tags.length;
  const size = tags.reduce((s, t) => s + align4((tables.get(t) as Uint8Array).length), headerSize);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  const log2 = Math.floor(Math.log2(tags.length));
  dv.setUint32(0, 0x00010000);
  dv.setUint16(4, tags.length);
  dv.setUint16(6, 16 * 2 ** log2);
  dv.setUint16(8, log2);
  dv.setUint16(10, 16 * tags.length - 16 * 2 ** log2);
  let offset = headerSize;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) as Uint8Array;
    out.set(data, offset);
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    dv.setUint32(rec + 4, checksum(out, offset, align4(data.length)));
    dv.setUint32(rec + 8, offset);
    dv.setUint32(rec + 12, data.length);
    if (tag === 'head') headOffset = offset;
    offset += align4(data.length);
  });
  dv.setUint32(headOffset + 8, (0xb1b0afba - checksum(out, 0, size)) >>> 0);
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
