import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDict, PdfRef, PdfString } from '../../../../src/core/pdf/objects.js';
import { appendRevision, nextObjectNumber } from '../../../helpers/append-revision.js';
import { makeXrefStreamPdf } from '../../../helpers/pdf-fixtures.js';
import { addSigField } from './revision-edits.js';
import { allowed, analyse, fieldNum, forbidden, lastPageNum, open, rewrite, rootNum, signWithDocseal, signatureObjectIn, src } from './diff-fixtures.js';

/** Signature object games and form tampering (docs/verifier-defences.md) on a document we signed. */
describe('analyseModifications: signature objects and form structure', () => {
  let signed: Buffer;
  beforeAll(async () => {
    signed = await signWithDocseal(await makeXrefStreamPdf());
  });

  function annotsOf(pdf: Buffer): { holder: number; list: PdfRef[]; direct: boolean } {
    const file = open(pdf);
    const page = lastPageNum(pdf);
    const raw = (file.getObject(page) as PdfDict).get('Annots');
    return { holder: raw instanceof PdfRef ? raw.num : page, list: file.resolve(raw) as PdfRef[], direct: !(raw instanceof PdfRef) };
  }

  it('forbids a new field whose /V is the signed signature dictionary', () => {
    const file = open(signed);
    const sig = signatureObjectIn(file, 0);
    const n = nextObjectNumber(signed);
    const form = file.catalog().get('AcroForm') as PdfRef;
    const fields = [...(file.resolve((file.resolve(form) as PdfDict).get('Fields')) as PdfRef[]), new PdfRef(n, 0)];
    const forged = appendRevision(signed, [
      { num: n, body: `<< /FT /Sig /T (Copy) /V ${sig} 0 R >>` },
      rewrite(signed, form.num, (d) => d.set('Fields', fields)),
    ]);
    expect(forbidden(analyse(forged))).toEqual(['signature_reused']);
  });

  it('forbids renaming the signed field', () => {
    const field = fieldNum(signed, (d) => d.has('V'));
    const forged = appendRevision(signed, [rewrite(signed, field, (d) => d.set('T', new PdfString(Buffer.from('renamed'), false)))]);
    expect(forbidden(analyse(forged))).toEqual(['form_structure_changed']);
  });

  it('forbids moving the signature widget (a /Rect change)', () => {
    const field = fieldNum(signed, (d) => d.has('V'));
    const forged = appendRevision(signed, [rewrite(signed, field, (d) => d.set('Rect', [0, 0, 0, 0]))]);
    expect(forbidden(analyse(forged))).toEqual(['form_field_changed']);
  });

  it('forbids removing the signature widget from the page', () => {
    const { holder, list, direct } = annotsOf(signed);
    const kept = list.slice(0, -1);
    const forged = appendRevision(signed, [direct ? rewrite(signed, holder, (d) => d.set('Annots', kept)) : { num: holder, body: src(kept) }]);
    expect(forbidden(analyse(forged))).toEqual(['annotation_removed']);
  });

  it('forbids pointing the trailer at another catalog', () => {
    const n = nextObjectNumber(signed);
    const catalog = open(signed).getObject(rootNum(signed)) as PdfDict;
    const forged = appendRevision(signed, [{ num: n, body: src(new PdfDict(new Map(catalog.map))) }], { trailerExtra: `/Root ${n} 0 R` });
    expect(forbidden(analyse(forged))).toContain('trailer_root_changed');
  });

  it('forbids a new unsigned signature field that draws, allows one that draws nothing', () => {
    expect(forbidden(analyse(appendRevision(signed, addSigField(signed, true))))).toEqual(['unexplained_object', 'unsigned_signature_field_with_appearance']);
    const invisible = analyse(appendRevision(signed, addSigField(signed, false)));
    expect(forbidden(invisible)).toEqual([]);
    expect(allowed(invisible)).toEqual(['signature_field_added', 'unreferenced_object']);
  });

  it('allows a new visible signature field that is signed (the signature is judged on its own)', () => {
    const sig = '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> >>';
    const a = analyse(appendRevision(signed, addSigField(signed, true, sig)));
    expect(forbidden(a)).toEqual([]);
  });

  it('forbids a signature widget with an action', () => {
    const objects = addSigField(signed, false);
    const widget = { ...objects[0]!, body: String(objects[0]!.body).replace('/F 4', '/F 4 /A << /S /JavaScript /JS (app.alert(1)) >>') };
    expect(forbidden(analyse(appendRevision(signed, [widget, ...objects.slice(1)])))).toContain('signature_field_has_actions');
  });
});
