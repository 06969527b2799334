import { isRegular, isWhitespace } from './lexer.js';
import { PdfStream } from './objects.js';
import type { PdfFile } from './pdf-file.js';

/**
 * Recovery scans over the raw bytes. The verifier reads objects through the cross-reference chain,
 * but other readers (pdf-lib among them) scan the body and take the last definition in byte order,
 * or follow a different `startxref`. These scans find what such readers would see and we do not:
 * that difference is what content-masking and broken-chain attacks exploit.
 */

/** The offsets every `startxref` keyword in the file points at, in file order. */
export function startXrefTargets(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = bytes.indexOf('startxref'); at >= 0 && out.length < 10_000; at = bytes.indexOf('startxref', at + 9)) {
    let p = at + 9;
    while (p < bytes.length && isWhitespace(bytes[p]!)) p++;
    let n = 0;
    let digits = 0;
    while (p < bytes.length && bytes[p]! >= 0x30 && bytes[p]! <= 0x39 && digits < 16) {
      n = n * 10 + (bytes[p++]! - 0x30);
      digits++;
    }
    if (digits > 0) out.push(n);
  }
  return out;
}

export type ObjectDefinition = { readonly num: number; readonly offset: number };

/**
 * Object definitions (`n g obj`) in the body that no cross-reference section points at and that do
 * not lie inside a stream's data. Bounded: at most `max` candidates are examined.
 */
export function unreferencedDefinitions(file: PdfFile, max = 100_000): ObjectDefinition[] {
  const known = new Set<number>();
  for (const section of file.sections) {
    known.add(section.offset);
    for (const e of section.entries.values()) if (e.type === 'offset') known.add(e.offset);
  }
  const sortedKnown = [...known].sort((a, b) => a - b);
  const out: ObjectDefinition[] = [];
  const b = file.bytes;
  let examined = 0;
  for (let at = b.indexOf('obj'); at >= 0 && examined < max; at = b.indexOf('obj', at + 3)) {
    const header = headerBefore(b, at);
    if (!header || known.has(header.offset)) continue;
    examined++;
    if (!insideStream(file, sortedKnown, header.offset)) out.push(header);
  }
  return out;
}

/** Reads `num gen obj` backwards from the `obj` keyword at `at`. */
function headerBefore(b: Buffer, at: number): ObjectDefinition | undefined {
  if (at + 3 < b.length && isRegular(b[at + 3]!)) return undefined;
  let p = at - 1;
  const digitsBack = (): number => {
    const end = p;
    while (p >= 0 && b[p]! >= 0x30 && b[p]! <= 0x39 && end - p < 10) p--;
    return end - p;
  };
  if (p < 0 || !isWhitespace(b[p]!)) return undefined;
  while (p >= 0 && isWhitespace(b[p]!)) p--;
  if (digitsBack() === 0) return undefined;
  if (p < 0 || !isWhitespace(b[p]!)) return undefined;
  while (p >= 0 && isWhitespace(b[p]!)) p--;
  const numEnd = p;
  if (digitsBack() === 0) return undefined;
  if (p >= 0 && isRegular(b[p]!)) return undefined;
  return { num: Number(b.toString('latin1', p + 1, numEnd + 1)), offset: p + 1 };
}

/** Whether `offset` lies in the data of the stream object that starts nearest before it. */
function insideStream(file: PdfFile, sortedKnown: readonly number[], offset: number): boolean {
  let lo = 0;
  let hi = sortedKnown.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sortedKnown[mid]! < offset) {
      best = sortedKnown[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return false;
  try {
    const v = file.readObjectAt(best, undefined).value;
    return v instanceof PdfStream && offset >= v.dataOffset && offset < v.dataOffset + v.data.length;
  } catch {
    return false;
  }
}
