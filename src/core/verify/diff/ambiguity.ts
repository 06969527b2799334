import { hasDuplicateKeys, type PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import { streamSectionIrregularity, tableIrregularity } from '../../pdf/xref-layout.js';
import type { XrefEntry, XrefSection } from '../../pdf/xref.js';
import { forbid, report, type DiffContext } from './context.js';
import { forEachRef } from './graph.js';
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
 * Whether every reference directly inside `value` reaches its object as written (§7.3.10): the same
 * generation as the object's entry (an object in an object stream has generation 0, §7.5.7), and a
 * number within the revision's table. poppler resolves `17 1 R` against an entry of generation 0, or a
 * number past /Size, by rebuilding its table from a scan of the file, as for a wrong entry.
 */
function referencesResolve(view: PdfFile, value: PdfObject | undefined): boolean {
  let ok = true;
  forEachRef(value, (r) => {
    const e = view.entry(r.num);
    if (e === undefined) ok &&= r.num < view.size;
    else if (e.type === 'offset') ok &&= e.gen === r.gen;
    else if (e.type === 'compressed') ok &&= r.gen === 0;
  });
  return ok;
}

/**
 * Structures of one revision after the signed one that readers would have to repair, or on which they
 * disagree: each is a forbidden change of its own. A dictionary key given twice (§7.3.7) in a new or
 * rewritten object, or in the revision's trailer, lets readers take different values (`/Root` twice:
 * different documents).
 */
export function ambiguityFindings(ctx: DiffContext, file: PdfFile, section: number): void {
  const xref = file.sections[section]!;
  let found = FOUND.get(xref);
  if (!found) FOUND.set(xref, (found = findAmbiguities(ctx.cur, file, xref)));
  for (const { num, code } of found) report(ctx, num, forbid(code));
}

/**
 * What a revision holds depends on it alone, not on the signature whose later changes are judged: each
 * revision is examined once per file (its section object is shared by every revision view).
 */
const FOUND = new WeakMap<XrefSection, readonly { num: number; code: string }[]>();

/** Whether a reader would repair how the section itself is written (xref-layout.ts). */
function sectionIrregular(file: PdfFile, section: XrefSection): boolean {
  if (section.kind === 'stream') return streamSectionIrregularity(file.bytes, section.offset) !== undefined;
  const hybrid = section.trailer.get('XRefStm');
  return tableIrregularity(file.bytes, section.offset) !== undefined || (typeof hybrid === 'number' && streamSectionIrregularity(file.bytes, hybrid) !== undefined);
}

function findAmbiguities(view: PdfFile, file: PdfFile, section: XrefSection): { num: number; code: string }[] {
  const { entries, trailer } = section;
  const out: { num: number; code: string }[] = [];
  if (sectionIrregular(file, section)) out.push({ num: 0, code: 'reader_repair_required' });
  if (hasDuplicateKeys(trailer)) out.push({ num: 0, code: 'duplicate_key' });
  if (!referencesResolve(view, trailer)) out.push({ num: 0, code: 'reader_repair_required' });
  for (const [num, entry] of entries) {
    if (num === 0 || entry.type === 'free') continue;
    if (!definedAsListed(file, num, entry)) {
      out.push({ num, code: 'reader_repair_required' });
      continue;
    }
    try {
      const value = view.getObject(num);
      if (hasDuplicateKeys(value)) out.push({ num, code: 'duplicate_key' });
      if (!referencesResolve(view, value)) out.push({ num, code: 'reader_repair_required' });
    } catch (e) {
      // An unreadable object is reported by the rule that judges it.
      if (!isReaderError(e)) throw e;
    }
  }
  return out;
}
