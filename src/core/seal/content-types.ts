/** A box in user space, x0 ≤ x1 and y0 ≤ y1. */
export type Rect = { x0: number; y0: number; x1: number; y1: number };

/** What the page's resources say about an XObject named by `Do` (ISO 32000-1 §8.8). */
export type XObjectInfo =
  | { subtype: 'Image' }
  | { subtype: 'Form'; bbox: [number, number, number, number]; matrix?: [number, number, number, number, number, number] }
  | { subtype: 'Other' };
