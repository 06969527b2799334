import { DocsealError } from './errors.js';

/**
 * Entries one walk of a list or a tree of a PDF may examine (a field's /Kids, /Annots, the page tree,
 * the form, the objects reachable from the trailer). Far beyond any real document; a hostile one gets
 * here with a few megabytes of references.
 */
export const MAX_WALK_ENTRIES = 100_000;

/**
 * Throws limit_exceeded once a walk has gone past MAX_WALK_ENTRIES. No check stops early and answers
 * from the entries it saw: the entries past the bound could be the ones that paint or act, so the
 * file is refused instead of judged on a part of it.
 */
export function checkWalkBound(count: number, what: string): void {
  if (count > MAX_WALK_ENTRIES) {
    throw new DocsealError('limit_exceeded', `The document has more ${what} than the verifier examines (${MAX_WALK_ENTRIES}).`, {
      max: MAX_WALK_ENTRIES,
    });
  }
}
