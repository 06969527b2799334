import { PdfDict, PdfRef, name, textString, type PdfObject } from '../../../src/core/pdf/objects.js';
import { withKeys, type SignedLayout } from './inspect.js';
import type { RawObject } from './raw.js';

/**
 * The objects a revision rewrites to add a field (or annotation) `item`: the page's /Annots (the
 * array object, or the page when the array is direct) and the AcroForm's /Fields (the array, the
 * AcroForm, or the catalog when the form is direct or missing). `fields: false` adds an annotation only.
 */
export function addToPageAndForm(l: SignedLayout, item: PdfRef, opts: { page?: number; fields?: boolean; annots?: boolean } = {}): RawObject[] {
  const out: RawObject[] = [];
  const page = l.pages[opts.page ?? l.pages.length - 1]!;
  if (opts.annots !== false) out.push(appended(l, page.ref.num, page.dict, 'Annots', item));
  if (opts.fields === false) return out;
  const formRaw = l.catalog.get('AcroForm');
  if (formRaw instanceof PdfRef) {
    const form = l.file.resolve(formRaw) as PdfDict;
    out.push(appended(l, formRaw.num, withKeys(form, { SigFlags: 3 }), 'Fields', item));
    return out;
  }
  const form = formRaw instanceof PdfDict ? formRaw : new PdfDict();
  const fields = l.file.get(form, 'Fields');
  const list = [...(Array.isArray(fields) ? fields : []), item];
  out.push({ num: l.rootNum, body: withKeys(l.catalog, { AcroForm: withKeys(form, { Fields: list, SigFlags: 3 }) }) });
  return out;
}

/** `holder[key] += item`: rewrites the array object when indirect, else the holder. */
function appended(l: SignedLayout, holderNum: number, holder: PdfDict, key: string, item: PdfObject): RawObject {
  const raw = holder.get(key);
  if (raw instanceof PdfRef) {
    const arr = l.file.resolve(raw);
    return { num: raw.num, body: [...(Array.isArray(arr) ? arr : []), item] };
  }
  return { num: holderNum, body: withKeys(holder, { [key]: [...(Array.isArray(raw) ? raw : []), item] }) };
}

/** A signature field merged with an invisible widget (§12.7.4.5), its value `sig`. */
export function signatureWidget(l: SignedLayout, fieldName: string, sig: PdfObject | undefined, extra: Record<string, PdfObject> = {}): PdfDict {
  const page = l.pages[l.pages.length - 1]!;
  const d = new PdfDict();
  d.set('Type', name('Annot'));
  d.set('Subtype', name('Widget'));
  d.set('FT', name('Sig'));
  d.set('T', textString(fieldName));
  if (sig !== undefined) d.set('V', sig);
  d.set('F', 132);
  d.set('P', page.ref);
  d.set('Rect', [0, 0, 0, 0]);
  for (const [k, v] of Object.entries(extra)) d.set(k, v);
  return d;
}

