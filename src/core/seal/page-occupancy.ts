import { isLimitExceeded } from '../errors.js';
import { PdfDict, PdfStream, isName, numberValue, type PdfObject } from '../pdf/objects.js';
import type { PageInfo } from '../pdf/pages.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { checkWalkBound } from '../walk-bound.js';
import { occupiedBoxes, occupiedBoxesYielding, type OccupiedBoxesInput, type Rect, type XObjectInfo } from './content-boxes.js';

export type PageOccupancy = { boxes: Rect[]; annotations: Rect[]; complete: boolean };

/**
 * Decoded content read to find where a page draws, summed over its /Contents entries as listed (one
 * stream listed fifty times counts fifty times: it is read fifty times). Beyond it the page counts as
 * fully occupied: far more than a text page holds, and a bound on the inflating and reading the signer
 * does for one upload (inflating 4 MiB takes a few milliseconds; reading it is sliced).
 */
export const MAX_OCCUPANCY_CONTENT_BYTES = 4 * 1024 * 1024;

/**
 * What a page already shows: the boxes its content streams draw text and images in, and the
 * rectangles of its visible annotations. The signer keeps its seal off them; the modification
 * analysis asks whether a later widget covers them.
 */
export function pageOccupancy(file: PdfFile, page: PageInfo): PageOccupancy {
  const input = occupancyInput(file, page);
  const found = input ? occupiedBoxes(input) : wholePage(page);
  return { boxes: found.boxes, annotations: annotationRects(file, page), complete: found.complete };
}

/** The same, pausing between slices of content so that an event loop stays responsive. */
export async function pageOccupancyYielding(file: PdfFile, page: PageInfo, pause: () => Promise<void>): Promise<PageOccupancy> {
  const input = occupancyInput(file, page);
  const found = input ? await occupiedBoxesYielding(input, pause) : wholePage(page);
  return { boxes: found.boxes, annotations: annotationRects(file, page), complete: found.complete };
}

function occupancyInput(file: PdfFile, page: PageInfo): OccupiedBoxesInput | undefined {
  const content = pageContent(file, page);
  return content ? { content, xobject: (n) => xobjectInfo(file, page, n) } : undefined;
}

/** Content past the bound: the page is taken as covered edge to edge, and as not fully read. */
function wholePage(page: PageInfo): { boxes: Rect[]; complete: boolean } {
  const [x0, y0, x1, y1] = page.box;
  return { boxes: [{ x0, y0, x1, y1 }], complete: false };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

const NEWLINE = Buffer.from('\n');

/**
 * §7.8.2: /Contents is one stream or an array of streams, read as if concatenated. Each stream is
 * decoded once however often the array lists it (an entry resolves to the object its number names,
 * which the file caches, so the stream object is the key), and the whole is bounded by
 * MAX_OCCUPANCY_CONTENT_BYTES; undefined past the bound.
 */
function pageContent(file: PdfFile, page: PageInfo): Uint8Array | undefined {
  const c = file.get(page.dict, 'Contents');
  const list: PdfObject[] = Array.isArray(c) ? c : c === undefined ? [] : [c];
  const decoded = new Map<PdfStream, Buffer>();
  const parts: Buffer[] = [];
  let total = 0;
  for (const item of list) {
    const s = file.resolve(item);
    if (!(s instanceof PdfStream)) continue;
    const data = decoded.get(s) ?? decodeWithin(file, s, MAX_OCCUPANCY_CONTENT_BYTES - total);
    if (data === undefined) return undefined;
    decoded.set(s, data);
    total += data.length + NEWLINE.length;
    if (total > MAX_OCCUPANCY_CONTENT_BYTES) return undefined;
    parts.push(data, NEWLINE);
  }
  return Buffer.concat(parts, total);
}

/**
 * The stream's data when it decodes to at most `allowance` bytes; a spent job budget still refuses the
 * job. Content under an image codec (§7.4.1: those filters are for image data) cannot be read, so it
 * too leaves the page taken as full rather than refusing the document.
 */
function decodeWithin(file: PdfFile, s: PdfStream, allowance: number): Buffer | undefined {
  if (allowance <= 0) return undefined;
  try {
    const decoded = file.decodeAny(s, allowance);
    return decoded.kind === 'data' ? decoded.data : undefined;
  } catch (e) {
    if (isLimitExceeded(e) && !file.budget.exceeded) return undefined;
    throw e;
  }
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
