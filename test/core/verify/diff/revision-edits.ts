import { PdfDict, PdfName, PdfRef } from '../../../../src/core/pdf/objects.js';
import { nextObjectNumber, streamBody, type RawObject } from '../../../helpers/append-revision.js';
import { fieldNum, firstPageNum, open, rewrite, rootNum, src } from './diff-fixtures.js';

/** Revisions a later editor (or attacker) appends, as raw objects for appendRevision. */

/** A document timestamp dictionary (ISO 32000-2 §12.8.5); its contents do not matter to the diff. */
export const TIMESTAMP = '<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 /ByteRange [0 0 0 0] /Contents <00> >>';

/** Fills the text field: a new /V on the field and a new appearance stream on its widget. */
export function fillTextField(pdf: Buffer): RawObject[] {
  const file = open(pdf);
  const field = fieldNum(pdf, (d) => d.get('FT') === PdfName.of('Tx'));
  const fieldDict = file.getObject(field) as PdfDict;
  const kids = file.resolve(fieldDict.get('Kids'));
  const widget = Array.isArray(kids) ? (kids[0] as PdfRef).num : field;
  const n = nextObjectNumber(pdf);
  const ap: RawObject = { num: n, body: streamBody('/Type /XObject /Subtype /Form /BBox [0 0 220 24]', 'BT /Helv 12 Tf 2 6 Td (Mallory) Tj ET') };
  const setAp = (d: PdfDict): void => void d.set('AP', new PdfDict().set('N', new PdfRef(n, 0)));
  if (widget === field) return [ap, rewrite(pdf, field, (d) => setAp(d.set('V', PdfName.of('Mallory'))))];
  return [ap, rewrite(pdf, field, (d) => d.set('V', PdfName.of('Mallory'))), rewrite(pdf, widget, setAp)];
}

/** A link annotation over the whole first page. */
export function addLink(pdf: Buffer): RawObject[] {
  const file = open(pdf);
  const page = firstPageNum(pdf);
  const raw = (file.getObject(page) as PdfDict).get('Annots');
  const list = (file.resolve(raw) as PdfRef[] | undefined) ?? [];
  const n = nextObjectNumber(pdf);
  const link = { num: n, body: '<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /URI /URI (https://evil.example/) >> >>' };
  const next = [...list, new PdfRef(n, 0)];
  return [link, raw instanceof PdfRef ? { num: raw.num, body: src(next) } : rewrite(pdf, page, (d) => d.set('Annots', next))];
}

/**
 * A new top-level signature field on page 1, optionally with a visible appearance, unsigned unless
 * `value` gives the source of its signature dictionary.
 */
export function addSigField(pdf: Buffer, visible: boolean, value?: string): RawObject[] {
  const file = open(pdf);
  const page = firstPageNum(pdf);
  const n = nextObjectNumber(pdf);
  const form = file.catalog().get('AcroForm');
  const formDict = file.resolve(form) as PdfDict;
  const fields = [...(file.resolve(formDict.get('Fields')) as PdfRef[]), new PdfRef(n, 0)];
  const rect = visible ? '[50 700 300 800]' : '[0 0 0 0]';
  const ap = visible ? `/AP << /N ${n + 1} 0 R >>` : '';
  const objects: RawObject[] = [
    { num: n, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sneaky) /F 4 /P ${page} 0 R /Rect ${rect} ${ap} ${value ? `/V ${n + 2} 0 R` : ''} >>` },
    { num: n + 1, body: streamBody('/Type /XObject /Subtype /Form /BBox [0 0 250 100]', 'BT /Helv 30 Tf 5 40 Td (PAID IN FULL) Tj ET') },
    ...(value ? [{ num: n + 2, body: value }] : []),
  ];
  const formEdit = form instanceof PdfRef
    ? rewrite(pdf, form.num, (d) => d.set('Fields', fields))
    : rewrite(pdf, rootNum(pdf), (d) => d.set('AcroForm', new PdfDict(new Map(formDict.map)).set('Fields', fields)));
  const pageDict = file.getObject(page) as PdfDict;
  const annots = [...((file.resolve(pageDict.get('Annots')) as PdfRef[] | undefined) ?? []), new PdfRef(n, 0)];
  const annotsRaw = pageDict.get('Annots');
  const pageEdit = annotsRaw instanceof PdfRef ? { num: annotsRaw.num, body: src(annots) } : rewrite(pdf, page, (d) => d.set('Annots', annots));
  return [...objects, formEdit, pageEdit];
}
