import type { Rect } from './content-types.js';

export type Rotation = 0 | 90 | 180 | 270;

/** The page as placed: its CropBox (else MediaBox), normalised, and its /Rotate. */
export type PageFrame = { readonly box: readonly [number, number, number, number]; readonly rotate: Rotation };

/**
 * ISO 32000-1 §7.7.3.3 Table 30: /Rotate is a multiple of 90; anything else is treated as 0 here,
 * as viewers do. Negative values and values of 360 or more are normalised.
 */
export function visualRotationFor(rotate: number): Rotation {
  if (!Number.isInteger(rotate) || rotate % 90 !== 0) return 0;
  return (((rotate % 360) + 360) % 360) as Rotation;
}

/** Width and height of the page as the reader sees it. */
export function visualSize(frame: PageFrame): { width: number; height: number } {
  const [x0, y0, x1, y1] = frame.box;
  const w = x1 - x0;
  const h = y1 - y0;
  return frame.rotate === 90 || frame.rotate === 270 ? { width: h, height: w } : { width: w, height: h };
}

/*
 * Visual space has its origin at the displayed page's bottom-left corner, x to the right, y up.
 * With (u, v) = (x − box.x0, y − box.y0) and W × H the box's size, /Rotate turns the page clockwise
 * (Table 30), so user "up" (0,1) becomes visual "right" for 90:
 *   0:   (vx, vy) = (u, v)
 *   90:  (vx, vy) = (v, W − u)       user top-right → visual bottom-right, user bottom-left → visual top-left
 *   180: (vx, vy) = (W − u, H − v)
 *   270: (vx, vy) = (H − v, u)       user bottom-left → visual bottom-right
 */
function pointToVisual(frame: PageFrame, x: number, y: number): [number, number] {
  const [bx0, by0, bx1, by1] = frame.box;
  const u = x - bx0;
  const v = y - by0;
  switch (frame.rotate) {
    case 0: return [u, v];
    case 90: return [v, bx1 - bx0 - u];
    case 180: return [bx1 - bx0 - u, by1 - by0 - v];
    case 270: return [by1 - by0 - v, u];
  }
}

/** The inverse of pointToVisual. */
function pointToUser(frame: PageFrame, vx: number, vy: number): [number, number] {
  const [bx0, by0, bx1, by1] = frame.box;
  const w = bx1 - bx0;
  const h = by1 - by0;
  const [u, v]: [number, number] =
    frame.rotate === 0 ? [vx, vy] : frame.rotate === 90 ? [w - vy, vx] : frame.rotate === 180 ? [w - vx, h - vy] : [vy, h - vx];
  return [u + bx0, v + by0];
}

export function rectToVisual(frame: PageFrame, r: Rect): Rect {
  return mapRect(r, (x, y) => pointToVisual(frame, x, y));
}

export function rectToUser(frame: PageFrame, r: Rect): Rect {
  return mapRect(r, (x, y) => pointToUser(frame, x, y));
}

/** Rotations by multiples of 90° map a box to a box: two opposite corners suffice. */
function mapRect(r: Rect, f: (x: number, y: number) => [number, number]): Rect {
  const [ax, ay] = f(r.x0, r.y0);
  const [bx, by] = f(r.x1, r.y1);
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}
