import { PdfDict, type PdfObject } from '../../pdf/objects.js';
import { changedKeys } from './compare.js';
import { allow, explainTree, forbid, reportAll, usedOnce, type DiffContext, type Outcome } from './context.js';
import type { FieldInfo } from './roles.js';
import { signatureFieldChange } from './signature-fields.js';

/** §12.7.3.1: what makes a field what it is; changing it after signing is form tampering. */
const STRUCTURE_KEYS = new Set(['FT', 'Kids', 'T', 'Ff', 'Parent', 'Lock', 'SV']);
/** What filling in a field changes: its value and the appearance drawn for it (§12.7.3.3, §12.5.5). */
const FILL_KEYS = new Set(['V', 'AP', 'AS']);

/**
 * Filling in a non-signature field is allowed only in a certified document whose level permits it
 * (DocMDP P >= 2) and when no signature locks the field. After approval signatures alone it is a
 * change: a filled field over page text is how the shadow "replace" attack rewrites signed content.
 */
function fillOutcome(ctx: DiffContext, field: FieldInfo): Outcome {
  if (ctx.permission === undefined || ctx.permission < 2) return forbid('form_field_changed');
  if (ctx.locked(field.fullName)) return forbid('locked_field_changed');
  return allow('form_fill');
}

/** A field dictionary or widget of the earlier revision, rewritten. */
export function fieldChange(ctx: DiffContext, num: number, field: FieldInfo, before: PdfObject | undefined, after: PdfObject | undefined): void {
  if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) {
    reportAll(ctx, num, [forbid('form_structure_changed')]);
    return;
  }
  const outcomes = changedKeys(before, after).map((key): Outcome => {
    if (STRUCTURE_KEYS.has(key)) return forbid('form_structure_changed');
    if (!FILL_KEYS.has(key)) return forbid('form_field_changed');
    if (field.isSig) return signatureFieldChange(ctx, field, key, after.get(key));
    const o = fillOutcome(ctx, field);
    if (o.allowed) explainTree(ctx, after.get(key), o);
    return o;
  });
  reportAll(ctx, num, outcomes);
}

/** An appearance stream (or appearance-state dictionary) of a field, rewritten in place. */
export function appearanceChange(ctx: DiffContext, num: number, field: FieldInfo, after: PdfObject | undefined): void {
  if (!usedOnce(ctx, num)) {
    reportAll(ctx, num, [forbid('shared_object_changed')]);
    return;
  }
  const o = field.isSig ? signatureFieldChange(ctx, field, 'AP', after) : fillOutcome(ctx, field);
  if (o.allowed && !field.isSig) explainTree(ctx, after, o);
  reportAll(ctx, num, [o]);
}
