import { deflateSync } from 'node:zlib';
import { dict, name, PdfDict, PdfReal, PdfStream, type PdfObject, type PdfRef } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import type { SealContent } from '../sign/types.js';
import type { CjkFont } from './cjk-font.js';
import { CjkFontSubset } from './cjk-font-subset.js';
import { num } from './number-format.js';
import { qrSymbol, qrSymbolOperators, qrTotalModules } from './qr.js';
import type { SealImage } from './seal-image.js';
import { sealLayout, type Square } from './seal-layout.js';
import { sealTextOperators } from './seal-text.js';

export type PageRotation = 0 | 90 | 180 | 270;

export type SealAppearanceInput = {
  readonly content: SealContent;
  readonly font: CjkFont;
  /** The seal's size as the reader sees it (for /Rotate 90 and 270 the widget's /Rect has them swapped). */
  readonly width: number;
  readonly height: number;
  /** The page's /Rotate, normalised to 0..270. */
  readonly rotation: PageRotation;
  readonly alloc: ObjectAllocator;
};

/** One QR module per point at least: 2 device pixels at 150 dpi, enough for scanners. */
const MIN_QR_MODULE = 1;

/**
 * Adds the seal's appearance stream, a Form XObject for the widget's /AP /N (ISO 32000-1 §12.5.5),
 * with its font, image and mask objects to `alloc`, and returns the form's reference.
 */
export function buildSealAppearance(input: SealAppearanceInput): PdfRef {
  const { content, font, width, height, alloc } = input;
  const symbol = qrSymbol(content.verifyUrl);
  const layout = sealLayout(width, height, qrTotalModules(symbol) * MIN_QR_MODULE);
  const subset = new CjkFontSubset(font);
  const lw = layout.lineWidth;
  const ops = [`q ${RED_STROKE} ${num(lw)} w ${num(lw / 2)} ${num(lw / 2)} ${num(width - lw)} ${num(height - lw)} re S Q`];
  const resources = new PdfDict();
  if (content.image) {
    resources.set('XObject', dict({ Im1: addImage(content.image, alloc) }));
    ops.push(imageOperators(content.image, layout.image));
  } else {
    ops.push(circleOperators(layout.image, lw));
  }
  ops.push(sealTextOperators(content, font, subset, layout, height));
  ops.push(qrSymbolOperators(symbol, layout.qr.x, layout.qr.y, layout.qr.size));
  resources.set('Font', dict({ F1: subset.embed(alloc) }));
  const form = dict({
    Type: name('XObject'),
    Subtype: name('Form'),
    BBox: [0, 0, pdfNumber(width), pdfNumber(height)],
    Matrix: rotationMatrix(input.rotation, width, height),
    Resources: resources,
    Filter: name('FlateDecode'),
  });
  return alloc.add(new PdfStream(form, deflateSync(Buffer.from(ops.join('\n'), 'latin1'))));
}

const RED_STROKE = '0.75 0.06 0.06 RG';

/**
 * A page with /Rotate r is shown turned r degrees clockwise (ISO 32000-1 §7.7.3.3), so the form is
 * turned r degrees counter-clockwise to look upright. §12.5.5 maps the BBox through /Matrix and then
 * fits the result's bounding box onto /Rect; the translations below only keep that box at the origin.
 * For 90: (x, y) -> (h - y, x), so the BBox [0 0 w h] becomes [0 0 h w], the shape of the /Rect
 * (which, in unrotated user space, is h wide and w tall); the form's x axis points up the page,
 * which the clockwise display turns to point right. 270 is the mirror case, 180 turns both axes.
 */
export function rotationMatrix(rotation: PageRotation, w: number, h: number): PdfObject[] {
  const m: Record<PageRotation, number[]> = {
    0: [1, 0, 0, 1, 0, 0],
    90: [0, 1, -1, 0, h, 0],
    180: [-1, 0, 0, -1, w, h],
    270: [0, -1, 1, 0, 0, w],
  };
  return m[rotation].map(pdfNumber);
}

function pdfNumber(n: number): number | PdfReal {
  return Number.isInteger(n) ? n : new PdfReal(n);
}

/** The prepared streams are shared by every signature; each gets its own dictionary linking its mask. */
function addImage(image: SealImage, alloc: ObjectAllocator): PdfRef {
  if (!image.softMask) return alloc.add(image.image);
  const mask = alloc.add(image.softMask);
  const imageDict = new PdfDict(new Map(image.image.dict.map)).set('SMask', mask);
  return alloc.add(new PdfStream(imageDict, image.image.data));
}

/** The image fitted into its square with its aspect ratio kept, centred. */
function imageOperators(image: SealImage, area: Square): string {
  const k = area.size / Math.max(image.width, image.height);
  const w = image.width * k;
  const h = image.height * k;
  const x = area.x + (area.size - w) / 2;
  const y = area.y + (area.size - h) / 2;
  return `q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /Im1 Do Q`;
}

/** Without a seal image: two concentric red rings where the image would be. */
function circleOperators(area: Square, lineWidth: number): string {
  const cx = area.x + area.size / 2;
  const cy = area.y + area.size / 2;
  const outer = circlePath(cx, cy, area.size * 0.45);
  const inner = circlePath(cx, cy, area.size * 0.38);
  return `q ${RED_STROKE} ${num(lineWidth * 2.5)} w ${outer} S ${num(lineWidth)} w ${inner} S Q`;
}

/** A circle as four Bézier arcs (control distance 0.5523 r). */
function circlePath(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  const p = (x: number, y: number) => `${num(x)} ${num(y)}`;
  return [
    `${p(cx + r, cy)} m`,
    `${p(cx + r, cy + k)} ${p(cx + k, cy + r)} ${p(cx, cy + r)} c`,
    `${p(cx - k, cy + r)} ${p(cx - r, cy + k)} ${p(cx - r, cy)} c`,
    `${p(cx - r, cy - k)} ${p(cx - k, cy - r)} ${p(cx, cy - r)} c`,
    `${p(cx + k, cy - r)} ${p(cx + r, cy - k)} ${p(cx + r, cy)} c h`,
  ].join(' ');
}
