import { PNG } from 'pngjs';

// A placeholder seal drawn in code, for the development departments and for a department created
// without a seal image of its own.

export type Rgb = { readonly r: number; readonly g: number; readonly b: number };

const SIZE = 256;
const CENTRE = SIZE / 2;
const RING_OUTER = 124;
const RING_INNER = 108;
const STAR_OUTER = 72;
// A regular pentagram's inner vertices lie at sin 18° / sin 54° of the outer radius.
const STAR_INNER = (STAR_OUTER * Math.sin(Math.PI / 10)) / Math.sin((3 * Math.PI) / 10);
const SUBSAMPLES = 4;

type Point = { readonly x: number; readonly y: number };

/** The ten vertices of a five-pointed star pointing up, alternating outer and inner. */
function starVertices(): Point[] {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? STAR_OUTER : STAR_INNER;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return { x: CENTRE + radius * Math.cos(angle), y: CENTRE + radius * Math.sin(angle) };
  });
}

/** Even-odd ray casting. */
function insidePolygon(point: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

function covered(point: Point, star: readonly Point[]): boolean {
  const distance = Math.hypot(point.x - CENTRE, point.y - CENTRE);
  return (distance <= RING_OUTER && distance >= RING_INNER) || insidePolygon(point, star);
}

/** Fraction of the pixel covered by the seal, sampled on a grid so the edges are smooth. */
function coverage(px: number, py: number, star: readonly Point[]): number {
  let hits = 0;
  for (let sy = 0; sy < SUBSAMPLES; sy++) {
    for (let sx = 0; sx < SUBSAMPLES; sx++) {
      const point = { x: px + (sx + 0.5) / SUBSAMPLES, y: py + (sy + 0.5) / SUBSAMPLES };
      if (covered(point, star)) hits++;
    }
  }
  return hits / (SUBSAMPLES * SUBSAMPLES);
}

/** A 256×256 RGBA seal: a ring and a star in one colour on a transparent background. */
export function drawSealPng(colour: Rgb): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE, colorType: 6 });
  const star = starVertices();
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const offset = (y * SIZE + x) * 4;
      png.data[offset] = colour.r;
      png.data[offset + 1] = colour.g;
      png.data[offset + 2] = colour.b;
      png.data[offset + 3] = Math.round(coverage(x, y, star) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}
