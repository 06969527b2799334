import type { Rect } from './content-types.js';

/** Beyond this many boxes new ones are merged into the last: memory stays bounded, coverage conservative. */
const MAX_BOXES = 100_000;
/** Boxes on the same line (same vertical extent within this) that touch are merged into one. */
const LINE_TOLERANCE = 0.5;

/**
 * Collects occupied boxes. Text is often shown glyph run by glyph run; merging the runs of one line keeps
 * a dense page at a few boxes per line without changing the area they cover.
 */
export class BoxCollector {
  readonly boxes: Rect[] = [];
  complete = true;

  add(r: Rect): void {
    if (![r.x0, r.y0, r.x1, r.y1].every(Number.isFinite)) return;
    const last = this.boxes[this.boxes.length - 1];
    if (last && (this.boxes.length >= MAX_BOXES || sameLineTouching(last, r))) {
      if (this.boxes.length >= MAX_BOXES) this.complete = false;
      this.boxes[this.boxes.length - 1] = {
        x0: Math.min(last.x0, r.x0),
        y0: Math.min(last.y0, r.y0),
        x1: Math.max(last.x1, r.x1),
        y1: Math.max(last.y1, r.y1),
      };
      return;
    }
    this.boxes.push(r);
  }
}

function sameLineTouching(a: Rect, b: Rect): boolean {
  return (
    Math.abs(a.y0 - b.y0) <= LINE_TOLERANCE &&
    Math.abs(a.y1 - b.y1) <= LINE_TOLERANCE &&
    b.x0 <= a.x1 + LINE_TOLERANCE &&
    b.x1 >= a.x0 - LINE_TOLERANCE
  );
}
