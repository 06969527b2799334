import { PdfDict, PdfRef, PdfString, isName, numberValue, type PdfObject } from '../pdf/objects.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import { pageRefs } from '../pdf/pages.js';
import { decodeText } from '../pdf/text-string.js';
import { checkWalkBound } from '../walk-bound.js';

/** An unsigned signature field with one widget: where a prepared signature can go. */
export type EmptySignatureField = UnsignedField & {
  /** The page whose /Annots lists the widget (1-based number), when one does. */
  readonly page?: { readonly ref: PdfRef; readonly number: number };
  /** The widget's /Rect, normalised, when it has an area: the field is visible (§12.5.2). */
  readonly rect?: [number, number, number, number];
};

export type UnsignedField = {
  readonly fieldRef: PdfRef;
  readonly field: PdfDict;
  /** Fully qualified name (§12.7.3.2). */
  readonly fullName: string;
  /** The widget annotation: the field itself when merged (§12.7.1), else its one kid. */
  readonly widgetRef: PdfRef;
  readonly widget: PdfDict;
};

export type SignatureFields = {
  /** Unsigned terminal signature fields with one widget, in /Fields order. */
  readonly unsigned: readonly UnsignedField[];
  /** The signature dictionaries of the signed ones. */
  readonly values: readonly PdfDict[];
};

type Pending = { readonly o: PdfObject | undefined; readonly sig: boolean; readonly prefix: string };

/**
 * The terminal signature fields (/FT /Sig, inherited: §12.7.3.1): the values of the signed ones, and
 * those without a value. An unsigned field with more than one widget is left out: which widget would
 * show the seal is not ours to pick.
 */
export function readSignatureFields(file: PdfFile): SignatureFields {
  const form = file.getDict(file.catalog(), 'AcroForm');
  const fields = form ? file.get(form, 'Fields') : undefined;
  const unsigned: UnsignedField[] = [];
  const values: PdfDict[] = [];
  if (!Array.isArray(fields)) return { unsigned, values };
  const queue: Pending[] = fields.map((o) => ({ o, sig: false, prefix: '' }));
  const seen = new Set<number>();
  // Breadth first with an index, not shift(): the walk bound allows a hundred thousand fields.
  for (let i = 0; i < queue.length; i++) {
    const { o, sig, prefix } = queue[i]!;
    if (!(o instanceof PdfRef) || seen.has(o.num)) continue;
    seen.add(o.num);
    checkWalkBound(seen.size, 'form fields');
    const d = file.resolve(o);
    if (!(d instanceof PdfDict)) continue;
    const isSig = d.has('FT') ? isName(file.get(d, 'FT'), 'Sig') : sig;
    const t = file.get(d, 'T');
    const fullName = prefix + (t instanceof PdfString ? decodeText(t) : '');
    const kids = file.get(d, 'Kids');
    const kidList = Array.isArray(kids) ? kids : [];
    const fieldKids = kidList.filter((k) => file.resolve(k) instanceof PdfDict && (file.resolve(k) as PdfDict).has('T'));
    if (fieldKids.length > 0) {
      queue.push(...fieldKids.map((k) => ({ o: k, sig: isSig, prefix: `${fullName}.` })));
      continue;
    }
    if (!isSig) continue;
    // Unsigned means no /V at all: a reference, even one to nothing, is a value a verifier compares.
    const raw = d.get('V');
    const value = file.resolve(raw);
    if (value instanceof PdfDict) values.push(value);
    if (raw !== undefined && raw !== null) continue;
    const widget = kidList.length === 0 ? { ref: o, dict: d } : kidList.length === 1 ? widgetOf(file, kidList[0]) : undefined;
    if (widget) unsigned.push({ fieldRef: o, field: d, fullName, widgetRef: widget.ref, widget: widget.dict });
  }
  return { unsigned, values };
}

/** Where each unsigned field's widget is shown: its page (from every page's /Annots) and visible /Rect. */
export function locateUnsignedFields(file: PdfFile, unsigned: readonly UnsignedField[]): EmptySignatureField[] {
  if (unsigned.length === 0) return [];
  const pages = widgetPages(file);
  return unsigned.map((f) => ({ ...f, page: pages.get(f.widgetRef.num), rect: visibleRect(file, f.widget) }));
}

function widgetOf(file: PdfFile, kid: PdfObject | undefined): { ref: PdfRef; dict: PdfDict } | undefined {
  const dict = file.resolve(kid);
  return kid instanceof PdfRef && dict instanceof PdfDict ? { ref: kid, dict } : undefined;
}

/** Which page lists each annotation (by object number), from every page's /Annots. */
function widgetPages(file: PdfFile): Map<number, { ref: PdfRef; number: number }> {
  const out = new Map<number, { ref: PdfRef; number: number }>();
  pageRefs(file).forEach((ref, i) => {
    const page = file.resolve(ref);
    const annots = page instanceof PdfDict ? file.get(page, 'Annots') : undefined;
    if (!Array.isArray(annots)) return;
    checkWalkBound(annots.length, 'annotations on a page');
    for (const a of annots) if (a instanceof PdfRef && !out.has(a.num)) out.set(a.num, { ref, number: i + 1 });
  });
  return out;
}

function visibleRect(file: PdfFile, widget: PdfDict): [number, number, number, number] | undefined {
  const rect = file.get(widget, 'Rect');
  if (!Array.isArray(rect) || rect.length !== 4) return undefined;
  const n = rect.map((x) => numberValue(file.resolve(x)));
  if (n.some((x) => x === undefined || !Number.isFinite(x))) return undefined;
  const [a, b, c, d] = n as [number, number, number, number];
  const r: [number, number, number, number] = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  return r[2] > r[0] && r[3] > r[1] ? r : undefined;
}
