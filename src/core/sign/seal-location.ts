import { PdfDict, PdfStream, isName, numberValue, type PdfObject } from '../pdf/objects.js';
import type { PageInfo } from '../pdf/pages.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { occupiedBoxes, type Rect, type XObjectInfo } from '../seal/content-boxes.js';
import { placeSeal } from '../seal/placement.js';
import { visualRotationFor, type Rotation } from '../seal/visual-space.js';
import type { Corner, SignWarning } from './types.js';

/** The seal as the reader sees it, in points. */
export const SEAL_WIDTH = 252;
export const SEAL_HEIGHT = 100;

export type SealLocation = {
  readonly rect: [number, number, number, number];
  readonly rotation: Rotation;
  readonly warnings: SignWarning[];
};

/**
 * Finds where the seal covers no text, image or annotation already on the page: the page's content
 * streams are read for what they draw, existing annotations count as occupied, and the free spot
 * nearest the requested corner wins. When the page is full, the seal goes to the corner with a warning.
 */
export function locateSeal(file: PdfFile, page: PageInfo, corner: Corner): SealLocation {
  const rotation = visualRotationFor(page.rotate);
  const warnings: SignWarning[] = [];
  const content = pageContent(file, page);
  const found = occupiedBoxes({ content, xobject: (n) => xobjectInfo(file, page, n) });
  if (!found.complete) {
    warnings.push({ code: 'content_not_fully_read', message: 'Part of the page content could not be analysed; the seal may overlap it.' });
  }
  const occupied = [...found.boxes, ...annotationRects(file, page)];
  const placed = placeSeal({ pageBox: page.box, rotate: rotation, occupied, sealWidth: SEAL_WIDTH, sealHeight: SEAL_HEIGHT, corner });
  if (!placed.free) {
    warnings.push({ code: 'seal_overlaps_content', message: 'No free area was found for the seal; it was placed at the requested corner and may cover content.' });
  }
  const r = placed.rect;
  return { rect: [r.x0, r.y0, r.x1, r.y1], rotation, warnings };
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
function annotationRects(file: PdfFile, page: PageInfo): Rect[] {
  const annots = file.get(page.dict, 'Annots');
  if (!Array.isArray(annots)) return [];
  const out: Rect[] = [];
  for (const a of annots.slice(0, 10_000)) {
    const d = file.resolve(a);
    if (!(d instanceof PdfDict)) continue;
    const flags = numberValue(file.resolve(d.get('F'))) ?? 0;
    if (flags & 2) continue;
    const r = numbers(file, d.get('Rect'), 4);
    if (r) out.push({ x0: Math.min(r[0]!, r[2]!), y0: Math.min(r[1]!, r[3]!), x1: Math.max(r[0]!, r[2]!), y1: Math.max(r[1]!, r[3]!) });
  }
  return out;
}
