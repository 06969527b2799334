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

/**
 * The page count and the page at a 0-based index, found by descending the tree by each node's /Count
 * (§7.7.3.2) instead of walking every page: signing a 1,000-page file touches a handful of nodes.
 * /Count is written by the document's author, so when it does not add up the full walk decides.
 */
export function locatePage(file: PdfFile, index: number | 'last'): { ref: PdfRef; count: number } {
  const rootRef = file.catalog().get('Pages');
  const root = file.resolve(rootRef);
  const count = root instanceof PdfDict ? numberValue(file.resolve(root.get('Count'))) : undefined;
  if (rootRef instanceof PdfRef && count !== undefined && Number.isInteger(count) && count > 0) {
    const want = index === 'last' ? count - 1 : index;
    const ref = want >= 0 && want < count ? descend(file, rootRef, want) : undefined;
    if (ref) return { ref, count };
  }
  const all = pageRefs(file);
  const want = index === 'last' ? all.length - 1 : index;
  const ref = all[want];
  if (!ref) throw new DocsealError('invalid_request', `page must be between 1 and ${all.length}.`, { pages: all.length });
  return { ref, count: all.length };
}

function descend(file: PdfFile, start: PdfRef, index: number): PdfRef | undefined {
  let node = start;
  let rest = index;
  for (let depth = 0; depth < 64; depth++) {
    const d = file.resolve(node);
    if (!(d instanceof PdfDict)) return undefined;
    if (isName(d.get('Type'), 'Page')) return rest === 0 ? node : undefined;
    const kids = file.resolve(d.get('Kids'));
    if (!Array.isArray(kids)) return undefined;
    // A node whose kids are as many as its /Count holds only leaves: index it without reading them all.
    if (kids.length === numberValue(file.resolve(d.get('Count')))) {
      const kid = kids[rest];
      const k = kid instanceof PdfRef ? file.resolve(kid) : undefined;
      if (kid instanceof PdfRef && k instanceof PdfDict && isName(k.get('Type'), 'Page')) return kid;
    }
    let next: PdfRef | undefined;
    for (const kid of kids) {
      if (!(kid instanceof PdfRef)) return undefined;
      const k = file.resolve(kid);
      if (!(k instanceof PdfDict)) return undefined;
      const n = isName(k.get('Type'), 'Page') ? 1 : numberValue(file.resolve(k.get('Count')));
      if (n === undefined || !Number.isInteger(n) || n < 0) return undefined;
      if (rest < n) {
        next = kid;
        break;
      }
      rest -= n;
    }
    if (!next) return undefined;
    node = next;
  }
  return undefined;
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
