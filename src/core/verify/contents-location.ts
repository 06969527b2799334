import { Lexer } from '../pdf/lexer.js';
import { PdfString } from '../pdf/objects.js';
import { parseObject } from '../pdf/parser.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { translateParseErrors } from '../pdf/pdf-file.js';

export type ContentsLocation =
  | { readonly ok: true; readonly start: number; readonly end: number; readonly objectOffset: number; readonly value: PdfString }
  | { readonly ok: false; readonly code: string };

/**
 * Finds where the /Contents value of a signature dictionary lies in the file, by reading the object's
 * tokens rather than searching the bytes as text (an attacker controls every byte outside the ranges).
 * A /ByteRange gap must be exactly this string: that is what defeats signature wrapping.
 */
export function locateContents(file: PdfFile, objectNumber: number, section: number): ContentsLocation {
  const view = file.asOfSection(section);
  const entry = view.entry(objectNumber);
  if (entry?.type === 'compressed') return { ok: false, code: 'signature_dictionary_in_object_stream' };
  if (entry?.type !== 'offset') return { ok: false, code: 'signature_dictionary_missing' };
  try {
    return translateParseErrors(() => scan(file, entry.offset));
  } catch {
    return { ok: false, code: 'signature_dictionary_unreadable' };
  }
}

function scan(file: PdfFile, offset: number): ContentsLocation {
  const lx = new Lexer(file.bytes, offset);
  for (const want of ['int', 'int']) if (lx.next().kind !== want) return { ok: false, code: 'signature_dictionary_unreadable' };
  const obj = lx.next();
  const open = lx.next();
  if (obj.kind !== 'keyword' || obj.value !== 'obj' || open.kind !== 'delim' || open.value !== '<<') {
    return { ok: false, code: 'signature_dictionary_unreadable' };
  }
  let found: ContentsLocation | undefined;
  const keys = new Set<string>();
  for (;;) {
    const key = lx.next();
    if (key.kind === 'delim' && key.value === '>>') break;
    if (key.kind !== 'name') return { ok: false, code: 'signature_dictionary_unreadable' };
    // A key given twice means two readers may take different values (content masking).
    if (keys.has(key.value.name)) return { ok: false, code: 'duplicate_key' };
    keys.add(key.value.name);
    lx.skipWhitespace();
    const start = lx.pos;
    const value = parseObject(lx, file.limits.maxDepth);
    if (key.value.name === 'Contents') {
      if (!(value instanceof PdfString) || !value.hex) return { ok: false, code: 'contents_not_hex_string' };
      found = { ok: true, start, end: lx.pos, objectOffset: offset, value };
    }
  }
  return found ?? { ok: false, code: 'contents_missing' };
}
