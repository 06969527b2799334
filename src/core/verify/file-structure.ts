import { DocsealError, isLimitExceeded } from '../errors.js';
import type { PdfLimits } from '../limits.js';
import { DecodeBudget } from '../pdf/decode-budget.js';
import { PdfFile } from '../pdf/pdf-file.js';
import type { Check, SignatureReport } from './report.js';
import { bodyRegions, startXrefTargets, unreferencedDefinitions } from '../pdf/structure-scan.js';

/**
 * Opens the file as the verifier must: data before the header, and an update whose cross-reference
 * section cannot be read, are findings about an otherwise readable signed file, not reasons to refuse it.
 * Every attempt spends one decode budget, which the returned file carries on to the rest of the job.
 */
export function openForVerification(bytes: Buffer, limits: PdfLimits): { file: PdfFile; checks: Check[] } {
  const header = bytes.subarray(0, 1024).indexOf('%PDF-');
  const checks: Check[] = header > 0 ? [{ id: 'structure', status: 'failed', code: 'data_before_header', params: { bytes: header } }] : [];
  const budget = new DecodeBudget(limits.maxDecodedBytes);
  try {
    return { file: PdfFile.open(bytes, limits, undefined, budget), checks };
  } catch (e) {
    if (!(e instanceof DocsealError) || e.code !== 'corrupt_pdf') throw e;
    if (header > 0) {
      const shifted = attempt(budget, () => PdfFile.open(bytes.subarray(header), limits, undefined, budget));
      if (shifted) return { file: shifted, checks };
    }
    for (const target of startXrefTargets(bytes).reverse().slice(1, 20)) {
      const earlier = attempt(budget, () => PdfFile.open(bytes, limits, target, budget));
      if (earlier) return { file: earlier, checks: [...checks, { id: 'structure', status: 'failed', code: 'unreadable_update' }] };
    }
    throw e;
  }
}

const MAX_STRAY_STARTXREFS = 50;

/** Chains that start at some other `startxref` in the file and do not belong to the main one; they spend its budget. */
export function orphanChains(file: PdfFile, limits: PdfLimits): PdfFile[] {
  const known = new Set(file.sections.map((s) => s.offset));
  const out: PdfFile[] = [];
  const targets = [...new Set(startXrefTargets(file.bytes, bodyRegions(file)))].filter((t) => !known.has(t));
  // Bounded: each attempt reads a chain. Rather than read only some of them (a chain left unread could
  // be the one holding the signed revision), a file with more stray markers than that is refused.
  if (targets.length > MAX_STRAY_STARTXREFS) {
    throw new DocsealError('limit_exceeded', 'Too many startxref markers outside the revision chain.', { max: MAX_STRAY_STARTXREFS });
  }
  for (const target of targets) {
    // Ten broken chains already make the file invalid; more add nothing to the verdict.
    if (out.length >= 10) break;
    const other = attempt(file.budget, () => PdfFile.open(file.bytes, limits, target, file.budget));
    if (other && !other.sections.every((s) => known.has(s.offset))) out.push(other);
  }
  return out;
}

/**
 * Content masking (docs/verifier-defences.md): structures other readers would read differently. An object defined
 * in the body but listed by no cross-reference section, after a signed revision (in the data of a
 * stream added then, too), is a change no signature covers; anything else ambiguous is reported as a
 * warning (a key given twice in a signed object among them: what was signed is what readers disagree on).
 */
export function ambiguityChecks(file: PdfFile, signatures: readonly SignatureReport[]): Check[] {
  readEveryObject(file);
  const signedEnds = signatures.map((s) => (s.byteRange?.length === 4 ? s.byteRange[2]! + s.byteRange[3]! : Infinity));
  const firstSignedEnd = Math.min(...signedEnds, Infinity);
  const hidden = unreferencedDefinitions(file, firstSignedEnd);
  const kinds = [...file.ambiguities];
  if (hidden.length > 0) kinds.push('unreferenced_object_definition');
  if (kinds.length === 0) return [];
  const afterSigning = hidden.some((d) => d.offset >= firstSignedEnd);
  return [{ id: 'modifications', status: afterSigning ? 'failed' : 'warning', code: 'ambiguous_structure', params: { kinds } }];
}

/**
 * Parses every object each revision lists, so that the parser's ambiguity findings (a key given twice,
 * an entry at another object, a /Length that misses endstream) cover objects no check happened to read.
 * Each offset is parsed once (the revision views share their parses); unreadable objects are judged
 * where they matter, not here.
 */
function readEveryObject(file: PdfFile): void {
  file.sections.forEach((section, index) => {
    const view = file.asOfSection(index);
    for (const [num, entry] of section.entries) {
      if (entry.type !== 'free') attempt(file.budget, () => view.getObject(num));
    }
  });
}

/** A chain that cannot be read is skipped; a limit reached, or a decode budget run out, refuses the job. */
function attempt<T>(budget: DecodeBudget, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (isLimitExceeded(e)) throw e;
    budget.assertWithin();
    return undefined;
  }
}
