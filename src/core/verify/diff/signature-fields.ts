import { DocsealError, isLimitExceeded } from '../../errors.js';
import { PdfDict, PdfRef, isName, numberValue, type PdfObject } from '../../pdf/objects.js';
import { checkWalkBound } from '../../walk-bound.js';
import { pageInfo, pageRefs } from '../../pdf/pages.js';
import type { Rect } from '../../seal/content-boxes.js';
import { intersects, pageOccupancy } from '../../seal/page-occupancy.js';
import { hasDocMdpReference } from './certification.js';
import { allow, explainTree, forbid, type DiffContext, type Outcome } from './context.js';
import type { FieldInfo } from './roles.js';

/** §12.8.1 Table 252 and ISO 32000-2 §12.8.5: a signature or document timestamp dictionary. */
export function isSignatureDict(v: PdfObject | undefined): boolean {
  if (!(v instanceof PdfDict)) return false;
  return isName(v.get('Type'), 'Sig') || isName(v.get('Type'), 'DocTimeStamp') || (v.has('ByteRange') && v.has('Contents'));
}

/**
 * The value of a signature field being signed in this revision: it must be a signature dictionary
 * this revision adds (pointing at one an earlier revision signed is a signature object game), and it
 * may not certify: a certification after the first signature is no certification (§12.8.2.2).
 */
export function judgeSignatureValue(ctx: DiffContext, v: PdfObject | undefined, signedCode: string): Outcome {
  if (!(v instanceof PdfRef) || !ctx.added.has(v.num)) return forbid('signature_reused');
  const sig = ctx.cur.getObject(v.num);
  if (!isSignatureDict(sig)) return forbid('signature_value_invalid');
  if (hasDocMdpReference(ctx.cur, sig as PdfDict)) return forbid('certification_changed');
  const outcome = allow(isName((sig as PdfDict).get('Type'), 'DocTimeStamp') ? 'document_timestamp_added' : signedCode);
  explainTree(ctx, v, outcome);
  return outcome;
}

/**
 * A signature field (with its widget, merged or as kids) that this revision adds to /Fields or a
 * page's /Annots. Unsigned fields are allowed only when they draw nothing: an unsigned field with an
 * appearance can paint over signed content (the "sneaky signature" attack on certified documents).
 */
export function judgeNewSignatureField(ctx: DiffContext, ref: PdfRef): Outcome {
  const memo = ctx.judged.get(ref.num);
  if (memo) return memo;
  const outcome = judgeField(ctx, ref);
  ctx.judged.set(ref.num, outcome);
  if (!outcome.allowed) ctx.explained.set(ref.num, outcome);
  return outcome;
}

function judgeField(ctx: DiffContext, ref: PdfRef): Outcome {
  if (!ctx.added.has(ref.num)) return forbid('form_structure_changed');
  const field = ctx.cur.getObject(ref.num);
  if (!(field instanceof PdfDict) || !isName(field.get('FT'), 'Sig')) return forbid('form_structure_changed');
  const kids = ctx.cur.get(field, 'Kids');
  // Every widget is judged: one left unread could paint over the page or carry an action.
  if (Array.isArray(kids)) checkWalkBound(kids.length, 'widgets in one field');
  if (Array.isArray(kids) && kids.some((k) => !(k instanceof PdfRef) || !ctx.added.has(k.num))) return forbid('form_structure_changed');
  const widgets = [field, ...(Array.isArray(kids) ? kids.map((k) => ctx.cur.resolve(k)) : [])];
  // §12.6.3: actions on a signature widget run code or navigate; nothing about signing needs them.
  if (widgets.some((w) => w instanceof PdfDict && (w.has('A') || w.has('AA')))) return forbid('signature_field_has_actions');
  const v = field.get('V');
  if (v === undefined || v === null) {
    if (widgets.some((w) => w instanceof PdfDict && drawsSomething(ctx, w))) {
      return forbid(ctx.permission === undefined ? 'unsigned_signature_field_with_appearance' : 'unsigned_signature_field_after_certification');
    }
    const outcome = allow('signature_field_added');
    explainTree(ctx, ref, outcome);
    return outcome;
  }
  const value = judgeSignatureValue(ctx, v, 'signature_field_added');
  if (value.allowed && ctx.permission !== undefined && widgetCoversContent(ctx, ref, widgets)) {
    // Signature spoofing after certification (docs/verifier-defences.md): after a certification a new signature, by any key, may not paint over what
    // the certifier signed.
    return forbid('signature_widget_over_content_after_certification');
  }
  if (value.allowed) explainTree(ctx, ref, value);
  return value;
}

/** Whether a drawing widget's /Rect overlaps text or images the signed revision shows on its page. */
function widgetCoversContent(ctx: DiffContext, fieldRef: PdfRef, widgets: readonly (PdfObject | undefined)[]): boolean {
  const widgetNums = new Set<number>([fieldRef.num]);
  const kids = ctx.cur.get(ctx.cur.getObject(fieldRef.num) as PdfDict, 'Kids');
  if (Array.isArray(kids)) for (const k of kids) if (k instanceof PdfRef) widgetNums.add(k.num);
  const drawn = widgets.filter((w): w is PdfDict => w instanceof PdfDict && drawsSomething(ctx, w));
  if (drawn.length === 0) return false;
  try {
    for (const pageRef of pageRefs(ctx.cur)) {
      const annots = ctx.cur.get(ctx.cur.getObject(pageRef.num) as PdfDict, 'Annots');
      if (!Array.isArray(annots) || !annots.some((a) => a instanceof PdfRef && widgetNums.has(a.num))) continue;
      if (!(ctx.old.getObject(pageRef.num) instanceof PdfDict)) return true;
      const signed = pageOccupancy(ctx.old, pageInfo(ctx.old, pageRef));
      // Content past the occupancy bound was not looked at: it cannot be said to stay uncovered.
      if (!signed.complete) throw new DocsealError('limit_exceeded', 'A signed page has too much content to tell what a new signature covers.');
      if (drawn.some((w) => { const r = rectOf(ctx, w); return !r || signed.boxes.some((b) => intersects(b, r)); })) return true;
    }
  } catch (e) {
    if (isLimitExceeded(e)) throw e;
    return true;
  }
  return false;
}

function rectOf(ctx: DiffContext, w: PdfDict): Rect | undefined {
  const rect = ctx.cur.get(w, 'Rect');
  if (!Array.isArray(rect) || rect.length !== 4) return undefined;
  const [a, b, c, d] = rect.map((x) => numberValue(ctx.cur.resolve(x)) ?? 0) as [number, number, number, number];
  return { x0: Math.min(a, c), y0: Math.min(b, d), x1: Math.max(a, c), y1: Math.max(b, d) };
}

/** A widget draws when it has a normal appearance and a rectangle of non-zero area (§12.5.5). */
function drawsSomething(ctx: DiffContext, widget: PdfDict): boolean {
  const ap = ctx.cur.getDict(widget, 'AP');
  if (!ap || ap.get('N') === undefined) return false;
  const rect = ctx.cur.get(widget, 'Rect');
  if (!Array.isArray(rect) || rect.length !== 4) return true;
  const [x0, y0, x1, y1] = rect.map((x) => numberValue(ctx.cur.resolve(x)) ?? 0) as [number, number, number, number];
  return Math.abs(x1 - x0) > 0 && Math.abs(y1 - y0) > 0;
}

/**
 * A key of a signature field (or of its widget) of the earlier revision: only its first signing may
 * change it, by setting /V and then the widget's appearance, and only when no signature locks it
 * (§12.8.2.4 FieldMDP, §12.7.4.5 /Lock): signing an empty signature field is filling it.
 */
export function signatureFieldChange(ctx: DiffContext, field: FieldInfo, key: string, newValue: PdfObject | undefined): Outcome {
  const before = valueOf(ctx.old.getObject(field.num));
  const after = valueOf(ctx.cur.getObject(field.num));
  if (before === undefined && ctx.locked(field.fullName)) return forbid('locked_field_changed');
  if (key === 'V' && before === undefined) return judgeSignatureValue(ctx, newValue, 'signature_field_signed');
  if ((key === 'AP' || key === 'AS') && before === undefined && after !== undefined) {
    const outcome = allow('signature_field_signed');
    explainTree(ctx, newValue, outcome);
    return outcome;
  }
  return forbid('signature_field_changed');
}

function valueOf(field: PdfObject | undefined): PdfObject | undefined {
  const v = field instanceof PdfDict ? field.get('V') : undefined;
  return v === null ? undefined : v;
}
