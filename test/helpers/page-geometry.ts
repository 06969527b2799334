import type { PixelRect } from './verifiers.js';

/** [x1, y1, x2, y2] in PDF default user space (ISO 32000-1 §8.3.2.3), as in /Rect and /MediaBox. */
export type PdfRect = [number, number, number, number];

/**
 * Where a user-space rectangle appears in pdftoppm's rendering of the page: ISO 32000-1 §7.7.3.3,
 * /Rotate turns the displayed page clockwise; `box` is the crop box (the media box when none is set).
 */
export function pageRectToPixels(rect: PdfRect, box: PdfRect, rotate: number, dpi: number): PixelRect {
  const s = dpi / 72;
  const [bx1, by1, bx2, by2] = box;
  const corners = [[rect[0], rect[1]], [rect[2], rect[3]]].map(([x = 0, y = 0]) => {
    switch (((rotate % 360) + 360) % 360) {
      case 90: return [y - by1, x - bx1];
      case 180: return [bx2 - x, y - by1];
      case 270: return [by2 - y, bx2 - x];
      default: return [x - bx1, by2 - y];
    }
  });
  const us = corners.map((c) => (c[0] ?? 0) * s);
  const vs = corners.map((c) => (c[1] ?? 0) * s);
  const x = Math.min(...us);
  const y = Math.min(...vs);
  return { x, y, w: Math.max(...us) - x, h: Math.max(...vs) - y };
}
