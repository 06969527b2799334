import { PdfDict, PdfRef, type PdfObject } from '../../pdf/objects.js';
import { additionsTo, changedKeys, sameObject } from './compare.js';
import { allow, explainOne, explainTree, forbid, reportAll, usedOnce, type DiffContext, type Outcome } from './context.js';
import { judgeNewSignatureField } from './signature-fields.js';

/**
 * /Fields may only gain signature fields (ISO 32000-1 §12.7.2); each added one is judged as a new
 * signature field and the list change takes its outcome.
 */
export function fieldListChange(ctx: DiffContext, before: readonly PdfObject[], after: PdfObject | undefined): Outcome[] {
  if (!Array.isArray(after)) return [forbid('form_structure_changed')];
  const added = additionsTo(before, after);
  if (!added) return [forbid('form_structure_changed')];
  return added.map((x) => (x instanceof PdfRef ? judgeNewSignatureField(ctx, x) : forbid('form_structure_changed')));
}

/** An indirect /Fields array of the earlier revision, rewritten. */
export function fieldsArrayChange(ctx: DiffContext, num: number, before: PdfObject | undefined, after: PdfObject | undefined): void {
  if (!Array.isArray(before) || !usedOnce(ctx, num)) {
    reportAll(ctx, num, [forbid(Array.isArray(before) ? 'shared_object_changed' : 'form_structure_changed')]);
    return;
  }
  reportAll(ctx, num, fieldListChange(ctx, before, after));
}

/**
 * The interactive form dictionary (§12.7.2, Table 218): /Fields may gain signature fields, /SigFlags
 * may change, /DR may only gain resources. /NeedAppearances would make viewers regenerate every
 * field's appearance, and /XFA replaces the form: both forbidden, like any other key.
 */
export function acroFormChange(ctx: DiffContext, before: PdfDict | undefined, after: PdfObject | undefined): Outcome[] {
  if (!(after instanceof PdfDict)) return [forbid('acroform_changed')];
  return changedKeys(before, after).map((key): Outcome => {
    if (key === 'Fields') return fieldsEntryChange(ctx, before, after);
    if (key === 'SigFlags') return allow('acroform_updated');
    if (key === 'DR') return resourceAdditions(ctx, before?.get('DR'), after.get('DR'));
    if (key === 'DA' && before === undefined) return allow('acroform_added');
    return forbid(`acroform_changed:${safeKey(key)}`);
  });
}

function fieldsEntryChange(ctx: DiffContext, before: PdfDict | undefined, after: PdfDict): Outcome {
  const oldRaw = before?.get('Fields');
  const newRaw = after.get('Fields');
  if (newRaw instanceof PdfRef && !ctx.added.has(newRaw.num)) return forbid('form_structure_changed');
  const oldList = ctx.old.resolve(oldRaw);
  const outcomes = fieldListChange(ctx, Array.isArray(oldList) ? oldList : [], ctx.cur.resolve(newRaw));
  const worst = outcomes.find((o) => !o.allowed) ?? outcomes[0] ?? allow('acroform_updated');
  if (worst.allowed) explainOne(ctx, newRaw, worst);
  return worst;
}

/** /DR may gain fonts and other resources for new appearances, but not redefine existing names. */
function resourceAdditions(ctx: DiffContext, before: PdfObject | undefined, after: PdfObject | undefined): Outcome {
  const bad = forbid('acroform_changed:DR');
  if (after instanceof PdfRef && !ctx.added.has(after.num) && !sameObject(before, after)) return bad;
  const oldDr = ctx.old.resolve(before);
  const newDr = ctx.cur.resolve(after);
  if (!(newDr instanceof PdfDict)) return bad;
  for (const [category, entries] of oldDr instanceof PdfDict ? oldDr.map : []) {
    const oldCat = ctx.old.resolve(entries);
    const newCat = ctx.cur.resolve(newDr.get(category));
    if (!(oldCat instanceof PdfDict)) {
      if (!sameObject(entries, newDr.get(category))) return bad;
      continue;
    }
    if (!(newCat instanceof PdfDict)) return bad;
    for (const [resName, v] of oldCat.map) if (!sameObject(v, newCat.get(resName))) return bad;
  }
  const outcome = allow('acroform_resources_added');
  explainTree(ctx, after, outcome);
  return outcome;
}

/** Keys become part of a stable code: keep them short and plain. */
export function safeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40);
}

/** The AcroForm as an indirect object of the earlier revision, rewritten. */
export function acroFormObjectChange(ctx: DiffContext, num: number, before: PdfObject | undefined, after: PdfObject | undefined): void {
  reportAll(ctx, num, before instanceof PdfDict ? acroFormChange(ctx, before, after) : [forbid('acroform_changed')]);
}
