import { PdfDict, PdfName, PdfReal, PdfRef, PdfStream, PdfString, type PdfObject } from '../../pdf/objects.js';

/** Deeper than any legitimate PDF value; beyond it two values count as different (the strict answer). */
const MAX_DEPTH = 64;

/**
 * Structural equality of two values as written, without following references: a reference is equal
 * to another with the same number and generation, because the referenced objects are judged on their
 * own when a revision overrides them. Direct values cannot form cycles, so the depth cap bounds the work.
 * Integers and reals differ even when numerically equal (a ByteRange of reals is not one of integers).
 */
export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH || a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfReal) return b instanceof PdfReal && (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value)));
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(b.bytes);
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameObject(x, b[i], depth + 1));
  if (a instanceof PdfStream) return b instanceof PdfStream && Buffer.from(a.data).equals(b.data) && sameDict(a.dict, b.dict, depth);
  return a instanceof PdfDict && b instanceof PdfDict && sameDict(a, b, depth);
}

function sameDict(a: PdfDict, b: PdfDict, depth: number): boolean {
  if (a.map.size !== b.map.size) return false;
  for (const [k, v] of a.map) {
    if (!b.map.has(k) || !sameObject(v, b.map.get(k), depth + 1)) return false;
  }
  return true;
}

/** Keys whose values differ between two dictionaries (a missing key differs from any value). */
export function changedKeys(a: PdfDict | undefined, b: PdfDict | undefined): string[] {
  const keys = new Set([...(a?.map.keys() ?? []), ...(b?.map.keys() ?? [])]);
  return [...keys].filter((k) => !sameObject(a?.get(k), b?.get(k)));
}

/**
 * When `after` keeps every element of `before` in the same order (ISO 32000-1 lets a later revision
 * add annotations and fields, never drop or reorder them), the elements it adds; otherwise undefined.
 */
export function additionsTo(before: readonly PdfObject[], after: readonly PdfObject[]): PdfObject[] | undefined {
  const added: PdfObject[] = [];
  let i = 0;
  for (const x of after) {
    if (i < before.length && sameObject(before[i], x)) i++;
    else added.push(x);
  }
  return i === before.length ? added : undefined;
}
