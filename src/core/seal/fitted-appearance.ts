import { dict, name, PdfReal, PdfStream, type PdfRef } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import { rotationMatrix, type PageRotation } from './appearance.js';
import { num } from './number-format.js';

export type FittedAppearanceInput = {
  /** The seal's own appearance, drawn upright at `sealWidth` × `sealHeight`. */
  readonly seal: PdfRef;
  readonly sealWidth: number;
  readonly sealHeight: number;
  /** The widget's /Rect, normalised, in the page's default user space. */
  readonly rect: readonly [number, number, number, number];
  readonly rotation: PageRotation;
  readonly alloc: ObjectAllocator;
};

/**
 * An appearance for a widget whose /Rect someone else chose (a prepared signature field): the seal
 * drawn at one scale for both axes, centred, so its QR code keeps square modules. §12.5.5 alone would
 * stretch the BBox onto the /Rect axis by axis. The outer form has the /Rect's shape as the reader
 * sees it and turns with the page's /Rotate like the seal's own form does (appearance.ts).
 */
export function buildFittedAppearance(input: FittedAppearanceInput): PdfRef {
  const [x0, y0, x1, y1] = input.rect;
  const turned = input.rotation === 90 || input.rotation === 270;
  const width = turned ? y1 - y0 : x1 - x0;
  const height = turned ? x1 - x0 : y1 - y0;
  const scale = Math.min(width / input.sealWidth, height / input.sealHeight);
  const dx = (width - input.sealWidth * scale) / 2;
  const dy = (height - input.sealHeight * scale) / 2;
  const ops = `q ${num(scale)} 0 0 ${num(scale)} ${num(dx)} ${num(dy)} cm /Seal Do Q`;
  const form = dict({
    Type: name('XObject'),
    Subtype: name('Form'),
    BBox: [0, 0, real(width), real(height)],
    Matrix: rotationMatrix(input.rotation, width, height),
    Resources: dict({ XObject: dict({ Seal: input.seal }) }),
  });
  return input.alloc.add(new PdfStream(form, Buffer.from(ops, 'latin1')));
}

function real(n: number): number | PdfReal {
  return Number.isInteger(n) ? n : new PdfReal(n);
}
