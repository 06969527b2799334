import { describe, expect, it } from 'vitest';
import { subsetTrueType } from '../../../src/core/seal/truetype-subset.js';
import { readTrueTypeTables, type TrueTypeTables } from '../../../src/core/seal/truetype-tables.js';

/** glyf bytes: 0 empty, 1 and 3 simple (content is opaque to the subsetter), 2 a composite of 1 and 3. */
function syntheticGlyf(): { glyf: Uint8Array; starts: number[] } {
  const simple = (tag: number) => Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 10, 0, 10, tag, tag]);
  const composite = Uint8Array.from([
    0xff, 0xff, 0, 0, 0, 0, 0, 10, 0, 10,
    // WORDS | SCALE | MORE_COMPONENTS, glyph 1, two 16-bit args, one F2Dot14 scale
    0x00, 0x29, 0, 1, 0, 5, 0, 6, 0x40, 0,
    // byte args, glyph 3, last component
    0x00, 0x00, 0, 3, 1, 2,
  ]);
  const parts = [new Uint8Array(0), simple(0x11), composite, simple(0x33)];
  const starts = [0];
  for (const p of parts) starts.push((starts.at(-1) as number) + p.length);
  const glyf = new Uint8Array(starts.at(-1) as number);
  parts.forEach((p, i) => glyf.set(p, starts[i]));
  return { glyf, starts };
}

function syntheticFont(): TrueTypeTables {
  const { glyf, starts } = syntheticGlyf();
  const head = new Uint8Array(54);
  new DataView(head.buffer).setUint16(18, 1000);
  return {
    bytes: new Uint8Array(0),
    tables: new Map([
      ['head', head],
      ['hhea', new Uint8Array(36)],
      ['maxp', new Uint8Array(6)],
      ['glyf', glyf],
    ]),
    numGlyphs: 4,
    unitsPerEm: 1000,
    glyphStart: Uint32Array.from(starts),
    advances: Uint16Array.from([500, 600, 700, 800]),
    bearings: Int16Array.from([0, 1, 2, 3]),
  };
}

describe('subsetTrueType', () => {
  it('keeps the requested order, appends composite components and renumbers their references', () => {
    const font = syntheticFont();
    const { program, glyphs } = subsetTrueType(font, [0, 3, 2]);
    expect(glyphs).toEqual([0, 3, 2, 1]);
    const sub = readTrueTypeTables(program);
    expect(sub.numGlyphs).toBe(4);
    expect([...sub.advances]).toEqual([500, 800, 700, 600]);
    const glyf = sub.tables.get('glyf') as Uint8Array;
    const composite = new DataView(glyf.buffer, glyf.byteOffset + (sub.glyphStart[2] as number));
    expect(composite.getUint16(12)).toBe(3); // original glyph 1 is now glyph 3
    expect(composite.getUint16(22)).toBe(1); // original glyph 3 is now glyph 1
    expect(glyf[(sub.glyphStart[1] as number) + 10]).toBe(0x33);
    // The source font is left untouched.
    expect(new DataView(font.tables.get('glyf')!.buffer).getUint16(12 + 12)).toBe(1);
  });

  it('writes a font whose checksums add up (OpenType head.checkSumAdjustment)', () => {
    const { program } = subsetTrueType(syntheticFont(), [0, 2]);
    const dv = new DataView(program.buffer, program.byteOffset, program.byteLength);
    let sum = 0;
    for (let i = 0; i < program.length; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });
});
