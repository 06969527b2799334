import { hasDuplicateKeys } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import type { XrefEntry } from '../../pdf/xref.js';
import { forbid, report, type DiffContext } from './context.js';
import { isReaderError } from './reader-errors.js';

/** ISO 32000-1 §7.5.4: a generation number is a non-negative integer of at most five digits. */
const MAX_GENERATION = 65_535;

/**
 * Whether the object an entry names is defined where, and as, the entry says (§7.5.4, §7.3.10): its
 * header carries the entry's number and generation. When it does not, a reader cannot resolve the
 * object as written; poppler then rebuilds its cross-reference table by scanning the whole file and
 * takes whatever definition it finds last, so an "identical" rewrite under a wrong generation, or an
 * offset at another object, changes what that reader shows without changing what a strict one reads.
 */
function definedAsListed(file: PdfFile, num: number, entry: XrefEntry): boolean {
  if (entry.type !== 'offset') return true;
  if (entry.gen < 0 || entry.gen > MAX_GENERATION) return false;
  const header = file.headerAt(entry.offset);
  return header !== undefined && header.num === num && header.gen === entry.gen;
}

/**
 * Structures of one revision after the signed one that readers would have to repair, or on which they
 * disagree: each is a forbidden change of its own. A dictionary key given twice (§7.3.7) in a new or
 * rewritten object, or in the revision's trailer, lets readers take different values (`/Root` twice:
 * different documents).
 */
export function ambiguityFindings(ctx: DiffContext, file: PdfFile, section: number): void {
  const { entries, trailer } = file.sections[section]!;
  if (hasDuplicateKeys(trailer)) report(ctx, 0, forbid('duplicate_key'));
  for (const [num, entry] of entries) {
    if (num === 0 || entry.type === 'free') continue;
    if (!definedAsListed(file, num, entry)) {
      report(ctx, num, forbid('reader_repair_required'));
      continue;
    }
    try {
      if (hasDuplicateKeys(ctx.cur.getObject(num))) report(ctx, num, forbid('duplicate_key'));
    } catch (e) {
      // An unreadable object is reported by the rule that judges it.
      if (!isReaderError(e)) throw e;
    }
  }
}
