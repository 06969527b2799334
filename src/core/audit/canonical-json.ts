import { DocsealError } from '../errors.js';

/**
 * The canonical JSON text of `value`, the bytes the audit chain hashes (as UTF-8).
 *
 * - Object keys are sorted by UTF-16 code units (JavaScript's default sort), at every depth.
 * - No whitespace between tokens.
 * - Strings and numbers are written as `JSON.stringify` writes them (shortest round-trip number form,
 *   minimal escaping), which is what RFC 8785 (JCS) §3.2.2 prescribes; for the values the audit log
 *   stores (strings, finite numbers, booleans, null, plain objects, arrays) this is RFC 8785 output.
 * - A property whose value is `undefined` is left out, as JSON.stringify does, so an absent optional
 *   field and an undefined one hash alike.
 * - Anything JSON cannot say exactly (NaN, Infinity, bigint, functions, symbols, undefined in an array)
 *   is refused rather than silently changed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw unrepresentable(String(value));
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw unrepresentable(typeof value);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  return `[${items.map((item) => (item === undefined ? failUndefined() : canonicalJson(item))).join(',')}]`;
}

function canonicalObject(obj: Record<string, unknown>): string {
  const members = Object.keys(obj)
    .filter((key) => obj[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  return `{${members.join(',')}}`;
}

function failUndefined(): never {
  throw unrepresentable('undefined');
}

function unrepresentable(what: string): DocsealError {
  return new DocsealError('internal', 'An audit event holds a value that JSON cannot represent.', { value: what });
}
