import { DocsealError } from '../errors.js';
import { PdfDict, PdfRef, isName, numberValue, type PdfObject } from './objects.js';
import type { PdfFile } from './pdf-file.js';
import { corrupt } from './xref.js';

export type PageInfo = {
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  /** CropBox if present, else MediaBox, normalised to x0 < x1, y0 < y1 (§14.11.2: inheritable). */
  readonly box: [number, number, number, number];
  readonly rotate: number;
  readonly resources: PdfDict | undefined;
};

const INHERITABLE = ['MediaBox', 'CropBox', 'Rotate', 'Resources'] as const;

/**
 * The page references in document order (§7.7.3.2). The walk is iterative and tracks visited nodes,
 * because a hostile page tree can loop or be millions of levels deep.
 */
export function pageRefs(file: PdfFile): PdfRef[] {
  const root = file.catalog().get('Pages');
  if (!(root instanceof PdfRef)) throw corrupt('The page tree root is not an indirect reference.');
  const out: PdfRef[] = [];
  const seen = new Set<number>();
  const stack: PdfRef[] = [root];
  while (stack.length > 0) {
    const ref = stack.pop()!;
    if (seen.has(ref.num)) throw corrupt('The page tree contains a cycle.');
    seen.add(ref.num);
    const node = file.resolve(ref);
    if (!(node instanceof PdfDict)) throw corrupt('A page tree node is not a dictionary.');
    if (isName(node.get('Type'), 'Page') || !node.has('Kids')) {
      out.push(ref);
      if (out.length > file.limits.maxPages) throw new DocsealError('limit_exceeded', 'Too many pages.');
      continue;
    }
    const kids = file.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) throw corrupt('A page tree node has no /Kids array.');
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i];
      if (!(kid instanceof PdfRef)) throw corrupt('A page tree kid is not an indirect reference.');
      stack.push(kid);
    }
  }
  if (out.length === 0) throw corrupt('The document has no pages.');
  return out;
}

export function pageInfo(file: PdfFile, ref: PdfRef): PageInfo {
  const dict = file.resolve(ref);
  if (!(dict instanceof PdfDict)) throw corrupt('A page is not a dictionary.');
  const attrs = inherited(file, dict);
  const box = rectOf(file, attrs.get('CropBox')) ?? rectOf(file, attrs.get('MediaBox')) ?? [0, 0, 612, 792];
  const rot = numberValue(file.resolve(attrs.get('Rotate'))) ?? 0;
  const res = file.resolve(attrs.get('Resources'));
  return { ref, dict, box, rotate: rot, resources: res instanceof PdfDict ? res : undefined };
}

function inherited(file: PdfFile, page: PdfDict): Map<string, PdfObject> {
  const out = new Map<string, PdfObject>();
  let node: PdfDict | undefined = page;
  for (let depth = 0; node && depth < 256; depth++) {
    for (const k of INHERITABLE) {
      const v = node.get(k);
      if (!out.has(k) && v !== undefined) out.set(k, v);
    }
    const parent = file.resolve(node.get('Parent'));
    node = parent instanceof PdfDict ? parent : undefined;
  }
  return out;
}

function rectOf(file: PdfFile, o: PdfObject | undefined): [number, number, number, number] | undefined {
  const arr = file.resolve(o);
  if (!Array.isArray(arr) || arr.length !== 4) return undefined;
  const n = arr.map((x) => numberValue(file.resolve(x)));
  if (n.some((x) => x === undefined || !Number.isFinite(x))) return undefined;
  const [a, b, c, d] = n as number[];
  const r: [number, number, number, number] = [Math.min(a!, c!), Math.min(b!, d!), Math.max(a!, c!), Math.max(b!, d!)];
  return r[2] - r[0] > 0 && r[3] - r[1] > 0 ? r : undefined;
}
