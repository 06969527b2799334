import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, degrees, rgb } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { Rect } from '../../../src/core/seal/content-boxes.js';
import { placeSeal, visualRotationFor, type PlaceSealInput } from '../../../src/core/seal/placement.js';
import type { Corner } from '../../../src/core/sign/types.js';
import { renderPage } from '../../helpers/verifiers.js';
import { withTempDir } from '../../helpers/tool-run.js';

const A4: [number, number, number, number] = [0, 0, 595, 842];
const SHIFTED: [number, number, number, number] = [100, 200, 695, 1042];
const CORNERS: Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

function place(over: Partial<PlaceSealInput>): ReturnType<typeof placeSeal> {
  return placeSeal({ pageBox: A4, rotate: 0, occupied: [], sealWidth: 200, sealHeight: 100, corner: 'bottom-right', ...over });
}

function intersects(a: Rect, b: Rect, pad = 0): boolean {
  return a.x0 < b.x1 + pad && b.x0 - pad < a.x1 && a.y0 < b.y1 + pad && b.y0 - pad < a.y1;
}

describe('placeSeal on an unrotated page', () => {
  it('puts the seal at each requested corner, inside the margin, on an empty page', () => {
    const expected: Record<Corner, Rect> = {
      'bottom-right': { x0: 377, y0: 18, x1: 577, y1: 118 },
      'bottom-left': { x0: 18, y0: 18, x1: 218, y1: 118 },
      'top-right': { x0: 377, y0: 724, x1: 577, y1: 824 },
      'top-left': { x0: 18, y0: 724, x1: 218, y1: 824 },
    };
    for (const corner of CORNERS) expect(place({ corner })).toEqual({ rect: expected[corner], free: true });
    expect(place({ corner: 'top-left', margin: 40 }).rect).toEqual({ x0: 40, y0: 702, x1: 240, y1: 802 });
  });

  it('moves off a footer in the bottom-right corner to the nearest free spot', () => {
    const footer: Rect = { x0: 400, y0: 20, x1: 580, y1: 60 };
    const body: Rect = { x0: 72, y0: 300, x1: 523, y1: 770 };
    const r = place({ occupied: [footer, body] });
    expect(r.free).toBe(true);
    expect(intersects(r.rect, footer, 2)).toBe(false);
    expect(intersects(r.rect, body, 2)).toBe(false);
    // Just above the footer and its 2 pt padding (y ≥ 62), on the 4 pt grid from the corner at y = 18.
    expect(r.rect).toEqual({ x0: 377, y0: 62, x1: 577, y1: 162 });
  });

  it('finds the same nearest free grid position as an exhaustive search', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const occupied: Rect[] = Array.from({ length: 40 }, () => {
        const x = rand() * 595;
        const y = rand() * 842;
        return { x0: x, y0: y, x1: x + rand() * 150, y1: y + rand() * 60 };
      });
      const r = place({ occupied });
      const exact = exhaustiveNearest(occupied);
      if (!r.free) {
        expect(exact).toBeUndefined();
        continue;
      }
      for (const b of occupied) expect(intersects(r.rect, b, 2)).toBe(false);
      expect(Math.hypot(r.rect.x0 - 377, r.rect.y0 - 18)).toBeCloseTo(exact ?? Infinity, 9);
    }
  });

  it('returns the corner with free=false when the page is full', () => {
    for (const corner of CORNERS) {
      const full = place({ corner, occupied: [{ x0: -10, y0: -10, x1: 600, y1: 900 }] });
      expect(full).toEqual({ rect: place({ corner }).rect, free: false });
    }
  });

  it('lays a seal larger than the page against the corner', () => {
    expect(place({ sealWidth: 700, sealHeight: 100 })).toEqual({ rect: { x0: 0, y0: 18, x1: 700, y1: 118 }, free: true });
  });

  it('handles 2,000 occupied boxes in well under a few milliseconds', () => {
    const occupied: Rect[] = [];
    for (let i = 0; i < 2000; i++) {
      const x = (i * 37) % 560;
      const y = 60 + ((i * 53) % 760);
      occupied.push({ x0: x, y0: y, x1: x + 30, y1: y + 10 });
    }
    place({ occupied });
    const start = process.hrtime.bigint();
    const runs = 50;
    for (let i = 0; i < runs; i++) place({ occupied });
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
    expect(ms).toBeLessThan(10);
  });
});

describe('placeSeal on rotated pages with a non-zero origin', () => {
  const base = { pageBox: SHIFTED, occupied: [], sealWidth: 200, sealHeight: 100, corner: 'bottom-right' as const };

  it('maps the visual bottom-right to the user-space top-right for /Rotate 90', () => {
    // Displayed 842 × 595: the seal's visual rect is [624, 18, 824, 118]; (vx, vy) = (v, W − u).
    expect(placeSeal({ ...base, rotate: 90 })).toEqual({ rect: { x0: 577, y0: 824, x1: 677, y1: 1024 }, free: true });
  });

  it('maps the visual bottom-right to the user-space bottom-left for /Rotate 270', () => {
    // (vx, vy) = (H − v, u): x = 100 + [18, 118], y = 200 + 842 − [824, 624].
    expect(placeSeal({ ...base, rotate: 270 })).toEqual({ rect: { x0: 118, y0: 218, x1: 218, y1: 418 }, free: true });
  });

  it('maps the visual bottom-right to the user-space top-left for /Rotate 180', () => {
    expect(placeSeal({ ...base, rotate: 180 })).toEqual({ rect: { x0: 118, y0: 924, x1: 318, y1: 1024 }, free: true });
  });

  it('avoids content in the visual corner of a rotated page', () => {
    // User-space top-right of the /Rotate 90 page is what the reader sees at the bottom-right.
    const text: Rect = { x0: 600, y0: 850, x1: 690, y1: 1040 };
    const r = placeSeal({ ...base, rotate: 90, occupied: [text] });
    expect(r.free).toBe(true);
    expect(intersects(r.rect, text, 2)).toBe(false);
    expect(r.rect.x1 - r.rect.x0).toBe(100);
    expect(r.rect.y1 - r.rect.y0).toBe(200);
    // Moved up as the reader sees it (toward smaller user x), still against the visual right edge.
    // Visually the text ends at y = 595 − (600 − 100) + 2 = 97, so the seal starts at 98 = 18 + 20·4.
    expect(r.rect).toEqual({ x0: 497, y0: 824, x1: 597, y1: 1024 });
  });

  it('puts the ink where the reader expects it in a real render (pdftoppm)', async () => {
    await withTempDir(async (dir) => {
      const doc = await PDFDocument.create();
      const cases = [0, 90, 180, 270].flatMap((rotate) => CORNERS.map((corner) => ({ rotate, corner })));
      for (const { rotate, corner } of cases) {
        const page = doc.addPage([595, 842]);
        page.setMediaBox(100, 200, 595, 842);
        page.setRotation(degrees(rotate));
        const { rect } = placeSeal({ ...base, rotate: visualRotationFor(rotate), corner });
        page.drawRectangle({ x: rect.x0, y: rect.y0, width: rect.x1 - rect.x0, height: rect.y1 - rect.y0, color: rgb(0, 0, 0) });
      }
      const file = join(dir, 'rotated.pdf');
      writeFileSync(file, await doc.save());
      for (const [i, { rotate, corner }] of cases.entries()) {
        const ink = inkBounds(await renderPage(file, i + 1, 72));
        const turned = rotate === 90 || rotate === 270;
        const [vw, vh] = turned ? [842, 595] : [595, 842];
        const x0 = corner.endsWith('right') ? vw - 18 - 200 : 18;
        const y0 = corner.startsWith('top') ? 18 : vh - 18 - 100; // pixel rows go down
        expect({ rotate, corner, ...ink }).toEqual({ rotate, corner, width: vw, height: vh, x0, y0, x1: x0 + 200, y1: y0 + 100 });
      }
    });
  });
});

describe('visualRotationFor', () => {
  it('normalises multiples of 90 and treats anything else as 0', () => {
    expect([0, 90, 180, 270, 360, 450, -90, -180, -270, -360, 45, 1.5, NaN, Infinity].map(visualRotationFor)).toEqual([
      0, 90, 180, 270, 0, 90, 270, 180, 90, 0, 0, 0, 0, 0,
    ]);
  });
});

/** The distance of the nearest free position on the 4-pt grid from the bottom-right corner (377, 18). */
function exhaustiveNearest(occupied: Rect[]): number | undefined {
  let best: number | undefined;
  for (let x = 377; x >= 18; x -= 4) {
    for (let y = 18; y <= 724; y += 4) {
      const d = Math.hypot(377 - x, y - 18);
      if (best !== undefined && d >= best) continue;
      const seal = { x0: x, y0: y, x1: x + 200, y1: y + 100 };
      if (occupied.every((b) => !intersects(seal, b, 2))) best = d;
    }
  }
  return best;
}

/** The bounding box, in pixels, of the dark pixels of a rendered page, with the page's size. */
function inkBounds(pngBytes: Buffer): { width: number; height: number; x0: number; y0: number; x1: number; y1: number } {
  const png = PNG.sync.read(pngBytes);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      if (png.data[(y * png.width + x) * 4]! < 128) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return { width: png.width, height: png.height, x0, y0, x1, y1 };
}
