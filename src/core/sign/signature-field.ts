import { PdfDict, PdfRef, PdfString, name, numberValue, textString, type PdfObject } from '../pdf/objects.js';
import type { ObjectAllocator } from '../pdf/object-allocator.js';
import type { PdfFile } from '../pdf/pdf-file.js';
import type { PageInfo } from '../pdf/pages.js';
import { decodeText } from '../pdf/text-string.js';
import { checkWalkBound } from '../walk-bound.js';

export type FieldInput = {
  readonly file: PdfFile;
  readonly page: PageInfo;
  readonly rect: readonly [number, number, number, number];
  readonly fieldName: string;
  readonly signatureRef: PdfRef;
  /** The seal's appearance; absent for an invisible signature (a zero /Rect and no /AP, §12.7.4.5). */
  readonly appearanceRef?: PdfRef;
  readonly alloc: ObjectAllocator;
};

/** §12.7.2, Table 219: SignaturesExist (1) and AppendOnly (2) tell viewers to save incrementally. */
const SIG_FLAGS = 3;

/**
 * Adds our signature field, merged with its widget annotation (ISO 32000-1 §12.7.4.5, §12.5.6.19),
 * to the page's /Annots and the AcroForm's /Fields. Only the objects that must change are rewritten:
 * the /Annots array (or the page, when the array is direct), the /Fields array (or the AcroForm,
 * or the catalog when it has none) — the additions a verifier allows after an earlier signature.
 */
export function addSignatureField(input: FieldInput): PdfRef {
  const { file, page, alloc } = input;
  const widget = alloc.reserve();
  const w = new PdfDict();
  w.set('Type', name('Annot'));
  w.set('Subtype', name('Widget'));
  w.set('FT', name('Sig'));
  w.set('T', textString(input.fieldName));
  w.set('V', input.signatureRef);
  w.set('F', 4 | 128); // Print and Locked (§12.5.3): the seal prints and cannot be moved.
  w.set('P', page.ref);
  w.set('Rect', input.appearanceRef ? [...input.rect] : [0, 0, 0, 0]);
  if (input.appearanceRef) w.set('AP', new PdfDict().set('N', input.appearanceRef));
  alloc.set(widget, w);
  appendTo(file, page.ref, page.dict, 'Annots', widget, alloc);
  addToAcroForm(file, widget, alloc);
  return widget;
}

/** Appends `item` to the array at `holder[key]`, rewriting the array object if indirect, else the holder. */
function appendTo(file: PdfFile, holderRef: PdfRef, holder: PdfDict, key: string, item: PdfRef, alloc: ObjectAllocator): void {
  const raw = holder.get(key);
  if (raw instanceof PdfRef) {
    const arr = file.resolve(raw);
    alloc.set(raw, [...(Array.isArray(arr) ? arr : []), item]);
    return;
  }
  const copy = new PdfDict(new Map(holder.map));
  copy.set(key, [...(Array.isArray(raw) ? raw : []), item]);
  alloc.set(holderRef, copy);
}

function addToAcroForm(file: PdfFile, widget: PdfRef, alloc: ObjectAllocator): void {
  const catalog = file.catalog();
  const formRaw = catalog.get('AcroForm');
  const form = file.resolve(formRaw);
  if (!(form instanceof PdfDict)) {
    const fresh = new PdfDict().set('Fields', [widget]).set('SigFlags', SIG_FLAGS);
    alloc.set(file.trailer.get('Root') as PdfRef, new PdfDict(new Map(catalog.map)).set('AcroForm', alloc.add(fresh)));
    return;
  }
  const copy = new PdfDict(new Map(form.map));
  const fields = form.get('Fields');
  if (fields instanceof PdfRef) {
    const arr = file.resolve(fields);
    alloc.set(fields, [...(Array.isArray(arr) ? arr : []), widget]);
  } else copy.set('Fields', [...(Array.isArray(fields) ? fields : []), widget]);
  const flagged = hasSigFlags(file, form);
  if (fields instanceof PdfRef && flagged) return;
  if (!flagged) copy.set('SigFlags', sigFlagsOf(file, form) | SIG_FLAGS);
  writeForm(file, formRaw, copy, alloc);
}

/**
 * Sets /SigFlags on the form when signing into a field it already lists, and only when they are not
 * set yet: every other key of the form stays as the certifier signed it.
 */
export function markSignaturesExist(file: PdfFile, alloc: ObjectAllocator): void {
  const formRaw = file.catalog().get('AcroForm');
  const form = file.resolve(formRaw);
  if (!(form instanceof PdfDict) || hasSigFlags(file, form)) return;
  writeForm(file, formRaw, new PdfDict(new Map(form.map)).set('SigFlags', sigFlagsOf(file, form) | SIG_FLAGS), alloc);
}

/** An indirect form is rewritten in place; a direct one stays direct, in a rewritten catalog. */
function writeForm(file: PdfFile, formRaw: PdfObject | undefined, form: PdfDict, alloc: ObjectAllocator): void {
  if (formRaw instanceof PdfRef) {
    alloc.set(formRaw, form);
    return;
  }
  alloc.set(file.trailer.get('Root') as PdfRef, new PdfDict(new Map(file.catalog().map)).set('AcroForm', form));
}

function sigFlagsOf(file: PdfFile, form: PdfDict): number {
  const v = numberValue(file.get(form, 'SigFlags'));
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : 0;
}

function hasSigFlags(file: PdfFile, form: PdfDict): boolean {
  return (sigFlagsOf(file, form) & SIG_FLAGS) === SIG_FLAGS;
}

/** Every top-level and nested field name already used, so ours never collides (§12.7.3.2). */
export function existingFieldNames(file: PdfFile): Set<string> {
  const out = new Set<string>();
  const form = file.getDict(file.catalog(), 'AcroForm');
  const fields = form ? file.get(form, 'Fields') : undefined;
  const stack: { o: PdfObject | undefined; prefix: string }[] = Array.isArray(fields) ? fields.map((o) => ({ o, prefix: '' })) : [];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const { o, prefix } = stack.pop()!;
    if (o instanceof PdfRef) {
      if (seen.has(o.num)) continue;
      seen.add(o.num);
      checkWalkBound(seen.size, 'form fields');
    }
    const f = file.resolve(o);
    if (!(f instanceof PdfDict)) continue;
    const t = f.get('T');
    const full = t instanceof PdfString ? prefix + decodeText(t) : prefix;
    out.add(full);
    const kids = file.get(f, 'Kids');
    if (Array.isArray(kids)) for (const k of kids) stack.push({ o: k, prefix: `${full}.` });
  }
  return out;
}
