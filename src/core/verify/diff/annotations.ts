import { PdfDict, PdfRef, isName, type PdfObject } from '../../pdf/objects.js';
import { additionsTo, changedKeys } from './compare.js';
import { allow, explainOne, explainTree, forbid, report, reportAll, usedOnce, type DiffContext, type Outcome } from './context.js';
import { checkWalkBound } from '../../walk-bound.js';
import { judgeNewSignatureField } from './signature-fields.js';

/** What a page draws (ISO 32000-1 §7.7.3.3): changing either is changing signed content. */
const CONTENT_KEYS = new Set(['Contents', 'Resources']);

/** A page of the earlier revision may only gain annotations in /Annots; a page-tree node may not change. */
export function pageChange(ctx: DiffContext, num: number, before: PdfObject | undefined, after: PdfObject | undefined, leaf: boolean): void {
  if (!leaf || !(before instanceof PdfDict) || !(after instanceof PdfDict)) {
    reportAll(ctx, num, [forbid('page_changed')]);
    return;
  }
  const outcomes = changedKeys(before, after).map((key): Outcome => {
    if (CONTENT_KEYS.has(key)) return forbid('page_content_changed');
    if (key !== 'Annots') return forbid('page_changed');
    const raw = after.get('Annots');
    if (raw instanceof PdfRef && !ctx.added.has(raw.num)) return forbid('page_changed');
    const oldList = ctx.old.resolve(before.get('Annots'));
    const worst = worstOf(annotListChange(ctx, Array.isArray(oldList) ? oldList : [], ctx.cur.resolve(raw)));
    if (worst.allowed) explainOne(ctx, raw, worst);
    return worst;
  });
  reportAll(ctx, num, outcomes);
}

/** An indirect /Annots array of the earlier revision, rewritten. */
export function annotsArrayChange(ctx: DiffContext, num: number, before: PdfObject | undefined, after: PdfObject | undefined): void {
  if (!Array.isArray(before)) {
    reportAll(ctx, num, [forbid('page_changed')]);
    return;
  }
  if (!usedOnce(ctx, num)) {
    reportAll(ctx, num, [forbid('shared_object_changed')]);
    return;
  }
  reportAll(ctx, num, annotListChange(ctx, before, after));
}

function annotListChange(ctx: DiffContext, before: readonly PdfObject[], after: PdfObject | undefined): Outcome[] {
  if (!Array.isArray(after)) return [forbid('annotation_removed')];
  const added = additionsTo(before, after);
  if (!added) return [forbid('annotation_removed')];
  return added.map((x) => (x instanceof PdfRef ? judgeNewAnnotation(ctx, x) : forbid('annotation_added')));
}

function worstOf(outcomes: readonly Outcome[]): Outcome {
  return outcomes.find((o) => !o.allowed) ?? outcomes[0] ?? allow('annotations_unchanged');
}

const fieldCache = new WeakMap<DiffContext, Set<number>>();

/** Object numbers of every field reachable from the current /AcroForm /Fields (§12.7.3.1). */
function formFieldNumbers(ctx: DiffContext): Set<number> {
  const hit = fieldCache.get(ctx);
  if (hit) return hit;
  const out = new Set<number>();
  const form = ctx.cur.getDict(ctx.cur.catalog(), 'AcroForm');
  const fields = form ? ctx.cur.get(form, 'Fields') : undefined;
  const stack = Array.isArray(fields) ? [...fields] : [];
  while (stack.length > 0) {
    const ref = stack.pop();
    if (!(ref instanceof PdfRef) || out.has(ref.num)) continue;
    out.add(ref.num);
    checkWalkBound(out.size, 'form fields');
    const node = ctx.cur.resolve(ref);
    const kids = node instanceof PdfDict ? ctx.cur.get(node, 'Kids') : undefined;
    if (Array.isArray(kids)) stack.push(...kids);
  }
  fieldCache.set(ctx, out);
  return out;
}

/**
 * An annotation added to a page: a signature widget is judged as a new signature field (its field may
 * be the widget itself or its parent); any other annotation only when a certification with P = 3
 * allows annotations (§12.8.2.2, Table 254), and then with a warning, since it can draw over the
 * signed content (the "evil annotation" attack).
 */
function judgeNewAnnotation(ctx: DiffContext, ref: PdfRef): Outcome {
  if (!ctx.added.has(ref.num)) return forbid('annotation_added');
  const annot = ctx.cur.getObject(ref.num);
  if (!(annot instanceof PdfDict)) return forbid('annotation_added');
  if (isName(annot.get('Subtype'), 'Widget')) {
    const parent = annot.get('Parent');
    const field = annot.has('FT') || !(parent instanceof PdfRef) ? ref : parent;
    // A widget whose field the form does not list is a field no verifier looks at: a "signature" that
    // is never checked, free to draw over the signed page.
    if (!formFieldNumbers(ctx).has(field.num)) return forbid('signature_field_not_in_form');
    return judgeNewSignatureField(ctx, field);
  }
  const memo = ctx.judged.get(ref.num);
  if (memo) return memo;
  const outcome = ctx.permission === 3 ? allow('annotation_added') : forbid('annotation_added');
  ctx.judged.set(ref.num, outcome);
  if (outcome.allowed) {
    explainTree(ctx, ref, outcome);
    report(ctx, ref.num, allow('annotation_after_certification'));
  } else ctx.explained.set(ref.num, outcome);
  return outcome;
}
