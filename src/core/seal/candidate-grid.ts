import type { Rect } from './content-types.js';

/**
 * The positions a seal may take: a lattice of bottom-left corners x = x + dirX·i·step (0 ≤ i ≤ nx),
 * y = y + dirY·j·step (0 ≤ j ≤ ny), starting at the requested corner and moving away from it.
 */
export type Lattice = { x: number; y: number; dirX: 1 | -1; dirY: 1 | -1; nx: number; ny: number; step: number };

/**
 * The lattice position nearest its origin where a w × h seal meets none of the boxes, or undefined.
 * A seal at (x, y) meets box b exactly when b.x0 − w < x < b.x1 and b.y0 − h < y < b.y1, so each box
 * forbids a rectangle of lattice indices; these are summed through a 2-D difference array, which costs
 * O(boxes + positions) however large the boxes are, and the check is exact at every position.
 */
export function nearestFreePosition(l: Lattice, boxes: readonly Rect[], w: number, h: number): { x: number; y: number } | undefined {
  const stride = l.nx + 2;
  const diff = new Int32Array(stride * (l.ny + 2));
  for (const b of boxes) {
    const [i0, i1] = indexRange(l.x, l.dirX, l.step, l.nx, b.x0 - w, b.x1);
    const [j0, j1] = indexRange(l.y, l.dirY, l.step, l.ny, b.y0 - h, b.y1);
    if (i0 > i1 || j0 > j1) continue;
    diff[j0 * stride + i0]! += 1;
    diff[j0 * stride + i1 + 1]! -= 1;
    diff[(j1 + 1) * stride + i0]! -= 1;
    diff[(j1 + 1) * stride + i1 + 1]! += 1;
  }
  integrate(diff, stride, l.ny + 1);
  let best: { x: number; y: number } | undefined;
  let bestD = Infinity;
  for (let j = 0; j <= l.ny && j * j < bestD; j++) {
    for (let i = 0; i <= l.nx && i * i + j * j < bestD; i++) {
      if (diff[j * stride + i] === 0) {
        best = { x: l.x + l.dirX * i * l.step, y: l.y + l.dirY * j * l.step };
        bestD = i * i + j * j;
      }
    }
  }
  return best;
}

/** The indices k in [0, n] whose coordinate origin + dir·k·step lies strictly between lo and hi. */
function indexRange(origin: number, dir: 1 | -1, step: number, n: number, lo: number, hi: number): [number, number] {
  const a = dir === 1 ? (lo - origin) / step : (origin - hi) / step;
  const b = dir === 1 ? (hi - origin) / step : (origin - lo) / step;
  return [Math.max(0, Math.floor(a) + 1), Math.min(n, Math.ceil(b) - 1)];
}

/** In-place 2-D prefix sum over `rows` rows: afterwards each entry counts the boxes forbidding it. */
function integrate(a: Int32Array, stride: number, rows: number): void {
  for (let r = 0; r < rows; r++) {
    let run = 0;
    for (let c = 0; c < stride; c++) {
      const i = r * stride + c;
      run += a[i]!;
      a[i] = run + (r > 0 ? a[i - stride]! : 0);
    }
  }
}
