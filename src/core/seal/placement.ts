import type { Corner } from '../sign/types.js';
import type { Rect } from './content-types.js';
import { nearestFreePosition, type Lattice } from './candidate-grid.js';
import { rectToUser, rectToVisual, visualSize, type PageFrame, type Rotation } from './visual-space.js';

export { visualRotationFor } from './visual-space.js';

export type PlaceSealInput = {
  /** The CropBox (else MediaBox), normalised so that x0 < x1 and y0 < y1. */
  pageBox: [number, number, number, number];
  rotate: Rotation;
  /** Boxes in user space that the seal must not cover (from occupiedBoxes). */
  occupied: readonly Rect[];
  /** The seal's size as the reader sees it. */
  sealWidth: number;
  sealHeight: number;
  corner: Corner;
  /** Distance kept from the page's edges, in points. */
  margin?: number;
};

export type SealSpot = {
  /** In user space; on a page turned by 90 or 270 its width is sealHeight and its height sealWidth. */
  rect: Rect;
  /** False when no free spot exists: the rect is then at the requested corner, over existing content. */
  free: boolean;
};

const DEFAULT_MARGIN = 18;
/** Space kept between the seal and existing content. */
const PADDING = 2;
/** Grid step in points; a larger free range gets a coarser grid so that the positions stay bounded. */
const MIN_STEP = 4;
const MAX_POSITIONS = 60_000;

/**
 * Places the seal, in the page as displayed, at the grid position nearest the requested corner where it
 * covers no occupied box; at the corner itself when no position is free.
 */
export function placeSeal(input: PlaceSealInput): SealSpot {
  const frame: PageFrame = { box: input.pageBox, rotate: input.rotate };
  const { width, height } = visualSize(frame);
  const w = input.sealWidth;
  const h = input.sealHeight;
  const lattice = latticeFor(width, height, w, h, input.margin ?? DEFAULT_MARGIN, input.corner);
  const toUser = (x: number, y: number): Rect => rectToUser(frame, { x0: x, y0: y, x1: x + w, y1: y + h });
  if (!(width > 0 && height > 0 && w > 0 && h > 0)) return { rect: toUser(lattice.x, lattice.y), free: false };

  const padded: Rect[] = [];
  for (const b of input.occupied) {
    if ([b.x0, b.y0, b.x1, b.y1].some(Number.isNaN)) continue;
    padded.push(rectToVisual(frame, { x0: b.x0 - PADDING, y0: b.y0 - PADDING, x1: b.x1 + PADDING, y1: b.y1 + PADDING }));
  }
  const best = nearestFreePosition(lattice, padded, w, h);
  return best ? { rect: toUser(best.x, best.y), free: true } : { rect: toUser(lattice.x, lattice.y), free: false };
}

/**
 * The seal positions inside the page minus its margins, starting at the requested corner. A seal larger
 * than that area in one direction has a single position there, against the corner's own edge.
 */
function latticeFor(width: number, height: number, w: number, h: number, margin: number, corner: Corner): Lattice {
  const right = corner.endsWith('right');
  const top = corner.startsWith('top');
  const spanX = width - 2 * margin - w;
  const spanY = height - 2 * margin - h;
  const xAtRight = spanX >= 0 ? width - margin - w : Math.max(0, width - w);
  const yAtTop = spanY >= 0 ? height - margin - h : Math.max(0, height - h);
  const step = Math.max(MIN_STEP, Math.ceil(Math.sqrt((Math.max(0, spanX) * Math.max(0, spanY)) / MAX_POSITIONS)));
  return {
    x: right ? xAtRight : spanX >= 0 ? margin : 0,
    y: top ? yAtTop : spanY >= 0 ? margin : 0,
    dirX: right ? -1 : 1,
    dirY: top ? -1 : 1,
    nx: spanX > 0 ? Math.floor(spanX / step + 1e-9) : 0,
    ny: spanY > 0 ? Math.floor(spanY / step + 1e-9) : 0,
    step,
  };
}
