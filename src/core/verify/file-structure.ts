import { DocsealError } from '../errors.js';
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

/** Chains that start at some other `startxref` in the file and do not belong to the main one; they spend its budget. */
export function orphanChains(file: PdfFile, limits: PdfLimits): PdfFile[] {
  const known = new Set(file.sections.map((s) => s.offset));
  const out: PdfFile[] = [];
  const targets = [...new Set(startXrefTargets(file.bytes, bodyRegions(file)))].filter((t) => !known.has(t));
  // Bounded: each attempt reads a chain; a file with thousands of markers gets no more than 50 reads.
  for (const target of targets.slice(0, 50)) {
    if (out.length >= 10) break;
    const other = attempt(file.budget, () => PdfFile.open(file.bytes, limits, target, file.budget));
    if (other && !other.sections.every((s) => known.has(s.offset))) out.push(other);
  }
  return out;
}

/**
 * Content masking (ATTACKS.md): structures other readers would read differently. An object defined
 * in the body but listed by no cross-reference section, after a signed revision, is a change no
 * signature covers; anything else ambiguous is reported as a warning.
 */
export function ambiguityChecks(file: PdfFile, signatures: readonly SignatureReport[]): Check[] {
  const hidden = unreferencedDefinitions(file);
  const kinds = [...file.ambiguities];
  if (hidden.length > 0) kinds.push('unreferenced_object_definition');
  if (kinds.length === 0) return [];
  const signedEnds = signatures.map((s) => (s.byteRange?.length === 4 ? s.byteRange[2]! + s.byteRange[3]! : Infinity));
  const firstSignedEnd = Math.min(...signedEnds, Infinity);
  const afterSigning = hidden.some((d) => d.offset >= firstSignedEnd);
  return [{ id: 'modifications', status: afterSigning ? 'failed' : 'warning', code: 'ambiguous_structure', params: { kinds } }];
}

/** A chain that cannot be read is skipped; a job whose decode budget ran out is refused. */
function attempt<T>(budget: DecodeBudget, fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    budget.assertWithin();
    return undefined;
  }
}
