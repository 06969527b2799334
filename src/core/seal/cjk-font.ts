import fontkit from '@pdf-lib/fontkit';
import type { Font } from '@pdf-lib/fontkit';
import { DocsealError } from '../errors.js';
import { readTrueTypeTables, type TrueTypeTables } from './truetype-tables.js';

/** Font-wide values of the FontDescriptor (ISO 32000-1 §9.8), in glyph space (1000 units per em). */
export type FontDescriptorMetrics = {
  readonly postscriptName: string;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly bbox: readonly number[];
};

/**
 * A CJK TrueType font parsed once at start (fontkit for the character map, our own table reader for
 * the subsetter); each signature draws through a fresh `CjkFontSubset` (cjk-font-subset.ts) holding
 * only the glyphs it uses.
 */
export class CjkFont {
  /** Code point to glyph id, filled as text is drawn; only glyphs the font has are kept, so it stays bounded. */
  private readonly glyphIds = new Map<number, number>();

  private constructor(
    private readonly font: Font,
    readonly tables: TrueTypeTables,
    readonly metrics: FontDescriptorMetrics,
  ) {}

  static fromBytes(bytes: Uint8Array): CjkFont {
    const tables = readTrueTypeTables(bytes);
    let font: Font;
    try {
      font = fontkit.create(bytes);
    } catch (e) {
      throw new DocsealError('config_invalid', 'The seal font cannot be read.', { cause: String(e) });
    }
    const k = 1000 / tables.unitsPerEm;
    const metrics: FontDescriptorMetrics = {
      postscriptName: (font.postscriptName ?? 'CJKFont').replace(/[^A-Za-z0-9-]/g, ''),
      ascent: Math.round(font.ascent * k),
      descent: Math.round(font.descent * k),
      capHeight: Math.round((font.capHeight || font.ascent) * k),
      bbox: [font.bbox.minX * k, font.bbox.minY * k, font.bbox.maxX * k, font.bbox.maxY * k].map(Math.round),
    };
    return new CjkFont(font, tables, metrics);
  }

  /** The font's glyph for a code point, 0 (.notdef) when it has none. */
  glyphId(codePoint: number): number {
    const cached = this.glyphIds.get(codePoint);
    if (cached !== undefined) return cached;
    const gid = this.font.hasGlyphForCodePoint(codePoint) ? this.font.glyphForCodePoint(codePoint).id : 0;
    if (gid !== 0) this.glyphIds.set(codePoint, gid);
    return gid;
  }

  /** Advance width of a glyph in glyph space (1000 units per em). */
  advance(gid: number): number {
    return ((this.tables.advances[gid] ?? 0) * 1000) / this.tables.unitsPerEm;
  }

  /** Width of `text` set at `size` points, from the advance widths (no kerning: Tj applies none). */
  widthOf(text: string, size: number): number {
    let units = 0;
    for (const ch of text) units += this.advance(this.glyphId(ch.codePointAt(0) as number));
    return (units * size) / 1000;
  }
}
