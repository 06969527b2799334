import { describe, expect, it } from 'vitest';
import { occupiedBoxes, type Rect, type XObjectInfo } from '../../../src/core/seal/content-boxes.js';

const xobjects: Record<string, XObjectInfo> = {
  Im1: { subtype: 'Image' },
  Fm1: { subtype: 'Form', bbox: [0, 0, 100, 50], matrix: [1, 0, 0, 1, 10, 20] },
  Ps1: { subtype: 'Other' },
};

function run(content: string | Uint8Array, maxOperators?: number): { boxes: Rect[]; complete: boolean } {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  return occupiedBoxes({ content: bytes, xobject: (n) => xobjects[n], maxOperators });
}

function rounded(boxes: Rect[]): number[][] {
  return boxes.map((b) => [b.x0, b.y0, b.x1, b.y1].map((v) => Math.round(v * 1000) / 1000));
}

describe('occupiedBoxes: text', () => {
  it('places text shown after Tm at 0.6 em per byte, from -0.25 to +1 em', () => {
    const r = run('BT /F1 10 Tf 1 0 0 1 100 700 Tm (Hello) Tj ET');
    expect(rounded(r.boxes)).toEqual([[100, 697.5, 130, 710]]);
    expect(r.complete).toBe(true);
  });

  it('follows Td and T* from the start of the line, and TL', () => {
    const r = run('BT /F1 12 Tf 14 TL 50 100 Td (AB) Tj 0 -20 Td (C) Tj T* (DD) Tj ET');
    expect(rounded(r.boxes)).toEqual([
      [50, 97, 64.4, 112],
      [50, 77, 57.2, 92],
      [50, 63, 64.4, 78],
    ]);
  });

  it('maps text through a cm scale', () => {
    const r = run('2 0 0 2 10 20 cm BT /F1 10 Tf 5 5 Td (ab) Tj ET');
    expect(rounded(r.boxes)).toEqual([[20, 25, 44, 50]]);
  });

  it('applies TJ adjustments and merges the runs of one line', () => {
    const r = run('BT /F1 10 Tf 100 100 Td [(AB) -1000 (C) 500] TJ ET');
    expect(rounded(r.boxes)).toEqual([[100, 97.5, 128, 110]]);
    const next = run('BT /F1 10 Tf 100 100 Td [(AB) -1000 (C) 500] TJ (D) Tj ET');
    expect(rounded(next.boxes)).toEqual([[100, 97.5, 129, 110]]);
  });

  it('does not extend the box over a leading TJ shift', () => {
    const r = run('BT /F1 10 Tf 0 0 Td [-5000 (A)] TJ ET');
    expect(rounded(r.boxes)).toEqual([[50, -2.5, 56, 10]]);
  });

  it('applies Tc, Tw (on byte 32), Tz, Ts, and the quote operators', () => {
    const r = run('BT /F1 10 Tf 2 Tc 5 Tw 50 Tz 3 Ts 0 0 Td (a b) Tj ET');
    // per byte (6 + 2) * 0.5 = 4, the space (6 + 2 + 5) * 0.5 = 6.5
    expect(rounded(r.boxes)).toEqual([[0, 0.5, 14.5, 13]]);
    const q = run('BT /F1 10 Tf 12 TL 0 100 Td (a) Tj (bb) \' 1 2 (c) " ET');
    expect(rounded(q.boxes)).toEqual([
      [0, 97.5, 6, 110],
      [0, 85.5, 12, 98],
      [0, 73.5, 8, 86],
    ]);
  });

  it('saves the text state with q/Q but resets the text matrix at BT', () => {
    const r = run('/F1 10 Tf q /F1 40 Tf Q BT 300 300 Td ET BT (a) Tj ET');
    expect(rounded(r.boxes)).toEqual([[0, -2.5, 6, 10]]);
  });

  it('handles a rotated text matrix', () => {
    const r = run('BT /F1 10 Tf 0 1 -1 0 200 100 Tm (abc) Tj ET');
    expect(rounded(r.boxes)).toEqual([[190, 100, 202.5, 118]]);
  });
});

describe('occupiedBoxes: images and forms', () => {
  it('adds the unit square of an image under cm', () => {
    const r = run('q 200 0 0 100 50 60 cm /Im1 Do Q q 0 100 -200 0 300 400 cm /Im1 Do Q');
    expect(rounded(r.boxes)).toEqual([
      [50, 60, 250, 160],
      [100, 400, 300, 500],
    ]);
    expect(r.complete).toBe(true);
  });

  it('adds a form BBox through its Matrix and the CTM', () => {
    const r = run('q 2 0 0 2 0 0 cm /Fm1 Do Q /Ps1 Do');
    expect(rounded(r.boxes)).toEqual([[20, 40, 220, 140]]);
    expect(r.complete).toBe(true);
  });

  it('restores the CTM with nested q/Q', () => {
    const m = '1 0 0 1 50 50 cm';
    const r = run(`q 2 0 0 2 0 0 cm q 1 0 0 1 10 10 cm /Im1 Do Q /Im1 Do Q ${m} /Im1 Do Q Q ${m} /Im1 Do`);
    expect(rounded(r.boxes)).toEqual([
      [20, 20, 22, 22],
      [0, 0, 2, 2],
      [50, 50, 51, 51],
      // the unmatched Q Q change nothing
      [100, 100, 101, 101],
    ]);
  });

  it('skips inline image data that holds EI, by its exact length when unfiltered', () => {
    const data = Buffer.from([0x20, 0x45, 0x49, 0x20, 0x28]); // " EI (" would fool a scan
    const content = Buffer.concat([
      Buffer.from('q 30 0 0 40 10 20 cm BI /W 5 /H 1 /BPC 8 /CS /G ID '),
      data,
      Buffer.from('\nEI Q BT /F1 10 Tf 1 0 0 1 300 300 Tm (X) Tj ET'),
    ]);
    const r = run(content);
    expect(rounded(r.boxes)).toEqual([
      [10, 20, 40, 60],
      [300, 297.5, 306, 310],
    ]);
    expect(r.complete).toBe(true);
  });

  it('skips filtered inline image data up to an EI between white space', () => {
    const data = Buffer.from('xEI EIx (\xff\x80EI(', 'latin1');
    const content = Buffer.concat([
      Buffer.from('q 5 0 0 5 1 2 cm BI /W 9 /H 9 /BPC 8 /CS /RGB /F /DCT ID '),
      data,
      Buffer.from(' EI Q /Im1 Do'),
    ]);
    const r = run(content);
    expect(rounded(r.boxes)).toEqual([
      [1, 2, 6, 7],
      [0, 0, 1, 1],
    ]);
    expect(r.complete).toBe(true);
  });
});

describe('occupiedBoxes: incomplete content', () => {
  it('returns what it found, complete=false, on a syntax error', () => {
    const r = run('BT /F1 10 Tf (abc) Tj ET ) /Im1 Do');
    expect(rounded(r.boxes)).toEqual([[0, -2.5, 18, 10]]);
    expect(r.complete).toBe(false);
    expect(run('BT (abc').complete).toBe(false);
    expect(run('BI /W 1 /H 1 ID xx').complete).toBe(false);
  });

  it('marks sh and an unknown XObject as incomplete', () => {
    expect(run('/Sh1 sh').complete).toBe(false);
    expect(run('/Nope Do').complete).toBe(false);
  });

  it('stops after maxOperators', () => {
    const r = run('/Im1 Do 2 0 0 2 0 0 cm /Im1 Do', 2);
    expect(rounded(r.boxes)).toEqual([[0, 0, 1, 1]]);
    expect(r.complete).toBe(false);
    expect(run('/Im1 Do 2 0 0 2 0 0 cm /Im1 Do', 3).complete).toBe(true);
  });

  it('bounds deep operand nesting without throwing', () => {
    const r = run(`${'['.repeat(10_000)} TJ /Im1 Do`);
    expect(r.complete).toBe(false);
  });

  it('never throws on random bytes or shuffled operators', () => {
    let seed = 11;
    const rand = (n: number): number => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const words = ['BT', 'ET', 'q', 'Q', 'cm', 'Tm', 'Td', 'TJ', 'Tj', "'", '"', 'BI', 'ID', 'EI', 'Do', '1', '-2.5', '(a', ')', '<<', '>>', '[', ']', '/Im1', '<41>', '%'];
    for (let i = 0; i < 300; i++) {
      const bytes = i % 2 === 0
        ? Buffer.from(Array.from({ length: 200 }, () => rand(256)))
        : Buffer.from(Array.from({ length: 60 }, () => words[rand(words.length)]).join(' '), 'latin1');
      const r = run(bytes);
      for (const b of r.boxes) expect(b.x0 <= b.x1 && b.y0 <= b.y1).toBe(true);
    }
  });
});
