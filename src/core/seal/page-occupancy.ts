import { PdfDict, PdfStream, isName, numberValue, type PdfObject } from '../pdf/objects.js';
import type { PageInfo } from '../pdf/pages.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { checkWalkBound } from '../walk-bound.js';
import { occupiedBoxes, type Rect, type XObjectInfo } from './content-boxes.js';

/**
 * What a page already shows: the boxes its content streams draw text and images in, and the
 * rectangles of its visible annotations. The signer keeps its seal off them; the modification
 * analysis asks whether a later widget covers them.
 */
export function pageOccupancy(file: PdfFile, page: PageInfo): { boxes: Rect[]; annotations: Rect[]; complete: boolean } {
  const found = occupiedBoxes({ content: pageContent(file, page), xobject: (n) => xobjectInfo(file, page, n) });
  return { boxes: found.boxes, annotations: annotationRects(file, page), complete: found.complete };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** §7.8.2: /Contents is one stream or an array of streams, read as if concatenated. */
function pageContent(file: PdfFile, page: PageInfo): Uint8Array {
  const c = file.get(page.dict, 'Contents');
  const list: PdfObject[] = Array.isArray(c) ? c : c === undefined ? [] : [c];
  const parts: Buffer[] = [];
  for (const item of list) {
    const s = file.resolve(item);
    if (s instanceof PdfStream) parts.push(file.decode(s), Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function xobjectInfo(file: PdfFile, page: PageInfo, name: string): XObjectInfo | undefined {
  const xobjects = page.resources ? file.getDict(page.resources, 'XObject') : undefined;
  const x = xobjects ? file.resolve(xobjects.get(name)) : undefined;
  if (!(x instanceof PdfStream)) return undefined;
  if (isName(x.dict.get('Subtype'), 'Image')) return { subtype: 'Image' };
  if (!isName(x.dict.get('Subtype'), 'Form')) return { subtype: 'Other' };
  const bbox = numbers(file, x.dict.get('BBox'), 4);
  if (!bbox) return { subtype: 'Other' };
  const matrix = numbers(file, x.dict.get('Matrix'), 6);
  return matrix
    ? { subtype: 'Form', bbox: bbox as [number, number, number, number], matrix: matrix as [number, number, number, number, number, number] }
    : { subtype: 'Form', bbox: bbox as [number, number, number, number] };
}

function numbers(file: PdfFile, o: PdfObject | undefined, n: number): number[] | undefined {
  const arr = file.resolve(o);
  if (!Array.isArray(arr) || arr.length !== n) return undefined;
  const out = arr.map((x) => numberValue(file.resolve(x)));
  return out.every((x) => x !== undefined && Number.isFinite(x)) ? (out as number[]) : undefined;
}

/** Visible annotations (§12.5.3: Hidden is bit 2) occupy their /Rect. */
export function annotationRects(file: PdfFile, page: PageInfo): Rect[] {
  const annots = file.get(page.dict, 'Annots');
  if (!Array.isArray(annots)) return [];
  checkWalkBound(annots.length, 'annotations on one page');
  const out: Rect[] = [];
  for (const a of annots) {
    const d = file.resolve(a);
    if (!(d instanceof PdfDict)) continue;
    const flags = numberValue(file.resolve(d.get('F'))) ?? 0;
    if (flags & 2) continue;
    const r = numbers(file, d.get('Rect'), 4);
    if (r) out.push({ x0: Math.min(r[0]!, r[2]!), y0: Math.min(r[1]!, r[3]!), x1: Math.max(r[0]!, r[2]!), y1: Math.max(r[1]!, r[3]!) });
  }
  return out;
}
