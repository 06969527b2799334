import { deflateSync } from 'node:zlib';
import { dict, name, PdfStream, PdfString, type PdfRef } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import type { CjkFont } from './cjk-font.js';
import { toUnicodeCMap } from './to-unicode.js';
import { subsetTrueType } from './truetype-subset.js';

/**
 * The glyphs one appearance draws. Codes are subset glyph ids (CID = GID, /CIDToGIDMap /Identity)
 * written as 2-byte codes under /Identity-H, so no text is escaped and any character the font has works.
 */
export class CjkFontSubset {
  /** Original glyph id per subset glyph id; glyph 0 stays .notdef as TrueType requires. */
  private readonly gids: number[] = [0];
  private readonly newIds = new Map<number, number>([[0, 0]]);
  private readonly unicode: (string | undefined)[] = [undefined];

  constructor(private readonly font: CjkFont) {}

  /** The text as a hex string operand for Tj, adding its glyphs to the subset. */
  encode(text: string): string {
    let hex = '<';
    for (const ch of text) {
      const gid = this.font.glyphId(ch.codePointAt(0) as number);
      let id = this.newIds.get(gid);
      if (id === undefined) {
        id = this.gids.push(gid) - 1;
        this.newIds.set(gid, id);
        this.unicode[id] = ch;
      }
      hex += id.toString(16).padStart(4, '0');
    }
    return `${hex}>`;
  }

  /** Adds the Type0 font (ISO 32000-1 §9.7) and its parts to `alloc`; returns the font's reference. */
  embed(alloc: ObjectAllocator): PdfRef {
    const { program, glyphs } = subsetTrueType(this.font.tables, this.gids);
    const m = this.font.metrics;
    const baseFont = name(`${subsetTag(glyphs)}+${m.postscriptName}`);
    const fontFile = alloc.add(
      new PdfStream(dict({ Length1: program.length, Filter: name('FlateDecode') }), deflateSync(program)),
    );
    const descriptor = alloc.add(
      dict({
        Type: name('FontDescriptor'),
        FontName: baseFont,
        Flags: 4, // symbolic: glyphs are chosen by id, not through a standard encoding (§9.8.2)
        FontBBox: [...m.bbox],
        ItalicAngle: 0,
        Ascent: m.ascent,
        Descent: m.descent,
        CapHeight: m.capHeight,
        StemV: 80,
        FontFile2: fontFile,
      }),
    );
    const cidFont = alloc.add(
      dict({
        Type: name('Font'),
        Subtype: name('CIDFontType2'),
        BaseFont: baseFont,
        CIDSystemInfo: dict({ Registry: ascii('Adobe'), Ordering: ascii('Identity'), Supplement: 0 }),
        FontDescriptor: descriptor,
        W: [0, glyphs.map((g) => Math.round(this.font.advance(g)))],
        CIDToGIDMap: name('Identity'),
      }),
    );
    const cmap = Buffer.from(toUnicodeCMap(this.unicode), 'latin1');
    const toUnicode = alloc.add(new PdfStream(dict({ Filter: name('FlateDecode') }), deflateSync(cmap)));
    return alloc.add(
      dict({
        Type: name('Font'),
        Subtype: name('Type0'),
        BaseFont: baseFont,
        Encoding: name('Identity-H'),
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}

function ascii(s: string): PdfString {
  return new PdfString(Buffer.from(s, 'latin1'), false);
}

/** Six upper-case letters naming this subset (ISO 32000-1 §9.6.4), derived from its glyphs so output is reproducible. */
function subsetTag(glyphs: readonly number[]): string {
  let h = 0x811c9dc5;
  for (const g of glyphs) h = Math.imul(h ^ g, 0x01000193) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) + i * 7919;
  }
  return tag;
}
