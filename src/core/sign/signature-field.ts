import { PdfDict, PdfRef, PdfString, name, textString, type PdfObject } from '../pdf/objects.js';
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
  readonly appearanceRef: PdfRef;
  readonly alloc: ObjectAllocator;
};

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
  w.set('Rect', [...input.rect]);
  w.set('AP', new PdfDict().set('N', input.appearanceRef));
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
  const rootRef = file.trailer.get('Root') as PdfRef;
  const catalog = file.catalog();
  const formRaw = catalog.get('AcroForm');
  // §12.7.2: SignaturesExist (1) and AppendOnly (2) tell viewers to save incrementally.
  if (formRaw instanceof PdfRef) {
    const form = file.resolve(formRaw);
    const copy = new PdfDict(new Map(form instanceof PdfDict ? form.map : []));
    copy.set('SigFlags', 3);
    const fields = copy.get('Fields');
    if (fields instanceof PdfRef) {
      const arr = file.resolve(fields);
      alloc.set(fields, [...(Array.isArray(arr) ? arr : []), widget]);
    } else copy.set('Fields', [...(Array.isArray(fields) ? fields : []), widget]);
    alloc.set(formRaw, copy);
    return;
  }
  const form = formRaw instanceof PdfDict ? new PdfDict(new Map(formRaw.map)) : new PdfDict();
  const fields = form.get('Fields');
  const list = fields instanceof PdfRef ? file.resolve(fields) : fields;
  form.set('Fields', [...(Array.isArray(list) ? list : []), widget]);
  form.set('SigFlags', 3);
  const newCatalog = new PdfDict(new Map(catalog.map));
  newCatalog.set('AcroForm', alloc.add(form));
  alloc.set(rootRef, newCatalog);
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
