import { checkWalkBound } from '../../walk-bound.js';
import { isReaderError } from './reader-errors.js';
import { PdfDict, PdfRef, PdfStream, type PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';

/** Who refers to what in one revision: everything reachable from its trailer. */
export type ReferenceIndex = {
  /** How many references point at each object number. */
  readonly counts: ReadonlyMap<number, number>;
  /** Numbers referred to but not defined in this revision (ISO 32000-1 §7.3.10: they read as null). */
  readonly dangling: ReadonlySet<number>;
  /** False when an object could not be read: counts are then lower bounds. */
  readonly complete: boolean;
};

/** Calls `onRef` for every reference directly inside `value` (not through other indirect objects). */
export function forEachRef(value: PdfObject | undefined, onRef: (r: PdfRef) => void): void {
  const stack: (PdfObject | undefined)[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof PdfRef) onRef(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v instanceof PdfStream) stack.push(...v.dict.map.values());
    else if (v instanceof PdfDict) stack.push(...v.map.values());
  }
}

/** Iterative breadth-first walk from the trailer with a visited set, so loops and deep graphs are safe. */
export function referenceIndex(file: PdfFile): ReferenceIndex {
  const counts = new Map<number, number>();
  const dangling = new Set<number>();
  const queue: number[] = [];
  const visit = (r: PdfRef): void => {
    const n = counts.get(r.num);
    counts.set(r.num, (n ?? 0) + 1);
    if (n === undefined) queue.push(r.num);
  };
  forEachRef(file.trailer, visit);
  let complete = true;
  for (let head = 0; head < queue.length; head++) {
    checkWalkBound(head + 1, 'reachable objects');
    const num = queue[head]!;
    const value = readOrUndefined(file, num);
    if (value === 'unreadable') complete = false;
    else if (value === undefined) dangling.add(num);
    else forEachRef(value, visit);
  }
  return { counts, dangling, complete };
}

/** An object that cannot be parsed contributes no references; the index then says it is incomplete. */
function readOrUndefined(file: PdfFile, num: number): PdfObject | undefined | 'unreadable' {
  try {
    return file.getObject(num);
  } catch (e) {
    if (isReaderError(e)) return 'unreadable';
    throw e;
  }
}
