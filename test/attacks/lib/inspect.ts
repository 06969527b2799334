import { PdfDict, PdfRef, PdfStream, isName, type PdfObject } from '../../../src/core/pdf/objects.js';
import { pageInfo, pageRefs, type PageInfo } from '../../../src/core/pdf/pages.js';
import type { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { openPdf } from './raw.js';

/** What the generators need to know about a signed base file: where its objects are, by number. */
export type SignedLayout = {
  readonly file: PdfFile;
  readonly rootNum: number;
  readonly catalog: PdfDict;
  readonly pages: readonly PageInfo[];
  /** The first signed top-level signature field (merged with its widget, as our signer and pyHanko write it). */
  readonly field: { readonly num: number; readonly dict: PdfDict } | undefined;
  readonly sig: { readonly num: number; readonly dict: PdfDict } | undefined;
  readonly byteRange: readonly number[] | undefined;
};

export function layoutOf(bytes: Buffer): SignedLayout {
  const file = openPdf(bytes);
  const rootNum = (file.trailer.get('Root') as PdfRef).num;
  const catalog = file.catalog();
  const pages = pageRefs(file).map((r) => pageInfo(file, r));
  const field = signatureField(file, catalog);
  const v = field?.dict.get('V');
  const sigDict = v instanceof PdfRef ? file.resolve(v) : undefined;
  const sig = v instanceof PdfRef && sigDict instanceof PdfDict ? { num: v.num, dict: sigDict } : undefined;
  const br = sig?.dict.get('ByteRange');
  return { file, rootNum, catalog, pages, field, sig, byteRange: Array.isArray(br) ? (br as number[]) : undefined };
}

function signatureField(file: PdfFile, catalog: PdfDict): { num: number; dict: PdfDict } | undefined {
  const form = file.getDict(catalog, 'AcroForm');
  const fields = form ? file.get(form, 'Fields') : undefined;
  if (!Array.isArray(fields)) return undefined;
  for (const f of fields) {
    const d = file.resolve(f);
    if (!(f instanceof PdfRef) || !(d instanceof PdfDict)) continue;
    if (isName(d.get('FT'), 'Sig') && d.has('V')) return { num: f.num, dict: d };
  }
  return undefined;
}

/** A shallow copy of a dictionary with some keys replaced (undefined removes the key). */
export function withKeys(d: PdfDict, changes: Record<string, PdfObject | undefined>): PdfDict {
  const copy = new PdfDict(new Map(d.map));
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) copy.map.delete(k);
    else copy.set(k, v);
  }
  return copy;
}

/** The indirect reference a key holds, or a failure that names what the generator expected. */
export function refAt(d: PdfDict, key: string): PdfRef {
  const v = d.get(key);
  if (!(v instanceof PdfRef)) throw new Error(`expected an indirect /${key}`);
  return v;
}

/** A content stream of our model with raw (unfiltered) data. */
export function contentStream(text: string, extra: Record<string, PdfObject> = {}): PdfStream {
  return new PdfStream(new PdfDict(new Map(Object.entries(extra))), Buffer.from(text, 'latin1'));
}

/** The first content stream reference of a page (our fixtures write /Contents as one reference or an array). */
export function firstContentRef(page: PageInfo): PdfRef {
  const c = page.dict.get('Contents');
  const first = Array.isArray(c) ? c[0] : c;
  if (!(first instanceof PdfRef)) throw new Error('page has no indirect /Contents');
  return first;
}

/** The page's /Annots list, resolved one level. */
export function annotsOf(file: PdfFile, page: PageInfo): PdfObject[] {
  const a = file.get(page.dict, 'Annots');
  return Array.isArray(a) ? a : [];
}
