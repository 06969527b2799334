import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDict, PdfName, PdfRef } from '../../../../src/core/pdf/objects.js';
import { analyseModifications } from '../../../../src/core/verify/diff/analyse.js';
import { appendRevision, nextObjectNumber, streamBody } from '../../../helpers/append-revision.js';
import { makeAcroFormPdf, makeXrefStreamPdf } from '../../../helpers/pdf-fixtures.js';
import {
  allowed, analyse, fieldNum, forbidden, lastPageNum, open, rewrite, rootNum, signWithDocseal, signatureObjectIn, src,
} from './diff-fixtures.js';

/** Approval signatures (no certification): only signatures and validation data may follow. */
describe('analyseModifications after an approval signature', () => {
  let signed: Buffer;
  let formSigned: Buffer;
  beforeAll(async () => {
    signed = await signWithDocseal(await makeXrefStreamPdf());
    formSigned = await signWithDocseal(await makeAcroFormPdf());
  });

  it('finds nothing when the signature covers the newest revision', () => {
    const file = open(signed);
    const a = analyseModifications({ file, signedSection: 0, signatureObject: signatureObjectIn(file, 0) });
    expect(a.findings).toEqual([]);
    expect(a.certification).toBeUndefined();
  });

  it('allows our own second signature', async () => {
    const twice = await signWithDocseal(signed, 'DOC-2');
    const a = analyse(twice);
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toContain('signature_field_added');
    expect(a.findings.every((f) => f.revision === 2)).toBe(true);
  });

  it('allows a second signature on a document with a form (fields array and annots rewritten)', async () => {
    const a = analyse(await signWithDocseal(formSigned, 'DOC-2'));
    expect(forbidden(a)).toEqual([]);
  });

  it('forbids a revision that replaces the page /Contents', () => {
    const page = lastPageNum(signed);
    const n = nextObjectNumber(signed);
    const forged = appendRevision(signed, [
      { num: n, body: streamBody('', 'BT /F1 24 Tf 100 700 Td (Pay 1000000) Tj ET') },
      rewrite(signed, page, (d) => d.set('Contents', new PdfRef(n, 0))),
    ]);
    expect(forbidden(analyse(forged))).toEqual(['page_content_changed', 'unexplained_object']);
  });

  it('forbids the same remapping written as a cross-reference stream', () => {
    const page = lastPageNum(signed);
    const n = nextObjectNumber(signed);
    const forged = appendRevision(signed, [
      { num: n, body: streamBody('', '0 0 m 100 100 l S') },
      rewrite(signed, page, (d) => d.set('Contents', new PdfRef(n, 0))),
    ], { xrefStream: true });
    const a = analyse(forged);
    expect(forbidden(a)).toContain('page_content_changed');
    expect(allowed(a)).toContain('container');
  });

  it('forbids rewriting a content stream in place (shadow hide)', () => {
    const file = open(signed);
    const page = file.getObject(lastPageNum(signed)) as PdfDict;
    const contents = page.get('Contents');
    const num = contents instanceof PdfRef ? contents.num : (contents as PdfRef[])[0]!.num;
    const forged = appendRevision(signed, [{ num, body: streamBody('', '') }]);
    expect(forbidden(analyse(forged))).toEqual(['object_changed']);
  });

  it('forbids adding a link annotation', () => {
    const page = lastPageNum(signed);
    const file = open(signed);
    const annotsRaw = (file.getObject(page) as PdfDict).get('Annots');
    const n = nextObjectNumber(signed);
    const link = { num: n, body: '<< /Type /Annot /Subtype /Link /Rect [0 0 600 800] /A << /S /URI /URI (https://evil.example/) >> >>' };
    const annots = file.resolve(annotsRaw) as PdfRef[];
    const holder = annotsRaw instanceof PdfRef
      ? { num: annotsRaw.num, body: src([...annots, new PdfRef(n, 0)]) }
      : rewrite(signed, page, (d) => d.set('Annots', [...annots, new PdfRef(n, 0)]));
    const a = analyse(appendRevision(signed, [link, holder]));
    expect(forbidden(a)).toEqual(['annotation_added']);
  });

  it('forbids changing the catalog /OpenAction', () => {
    const root = rootNum(signed);
    const forged = appendRevision(signed, [rewrite(signed, root, (d) => d.set('OpenAction', [new PdfRef(lastPageNum(signed), 0), PdfName.of('Fit')]))]);
    expect(forbidden(analyse(forged))).toEqual(['catalog_changed:OpenAction']);
  });

  it('forbids rewriting the signature dictionary', () => {
    const file = open(signed);
    const sig = signatureObjectIn(file, 0);
    const forged = appendRevision(signed, [rewrite(signed, sig, (d) => d.set('Reason', PdfName.of('Forged')))]);
    expect(forbidden(analyse(forged))).toEqual(['signature_dictionary_changed']);
  });

  it('forbids freeing an object', () => {
    const page = lastPageNum(signed);
    const forged = appendRevision(signed, [], { free: [page] });
    expect(forbidden(analyse(forged))).toEqual(['object_freed']);
  });

  it('forbids form fill after an approval signature (shadow replace)', () => {
    const field = fieldNum(formSigned, (d) => d.get('FT') === PdfName.of('Tx'));
    const forged = appendRevision(formSigned, [rewrite(formSigned, field, (d) => d.set('V', PdfName.of('Mallory')))]);
    expect(forbidden(analyse(forged))).toEqual(['form_field_changed']);
  });

  it('allows a DSS dictionary with its streams', () => {
    const root = rootNum(signed);
    const n = nextObjectNumber(signed);
    const forged = appendRevision(signed, [
      { num: n, body: streamBody('', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])) },
      { num: n + 1, body: `<< /Type /DSS /Certs [${n} 0 R] >>` },
      rewrite(signed, root, (d) => d.set('DSS', new PdfRef(n + 1, 0))),
    ]);
    const a = analyse(forged);
    expect(forbidden(a)).toEqual([]);
    expect(allowed(a)).toEqual(['dss_added']);
  });

  it('allows an orphan object nothing refers to', () => {
    const n = nextObjectNumber(signed);
    const a = analyse(appendRevision(signed, [{ num: n, body: '<< /Junk true >>' }]));
    expect(a.findings).toEqual([{ revision: 2, objectNumber: n, allowed: true, code: 'unreferenced_object' }]);
  });

  it('forbids defining a number the signed revision referred to (planted dangling reference)', async () => {
    const base = await makeXrefStreamPdf();
    const page = lastPageNum(base);
    const file = open(base);
    const contents = (file.getObject(page) as PdfDict).get('Contents')!;
    const planted = 900;
    const prepared = appendRevision(base, [rewrite(base, page, (d) => d.set('Contents', [...(Array.isArray(contents) ? contents : [contents]), new PdfRef(planted, 0)]))]);
    const signedPlanted = await signWithDocseal(prepared);
    const forged = appendRevision(signedPlanted, [{ num: planted, body: streamBody('', 'BT /F1 40 Tf 50 400 Td (VOID) Tj ET') }]);
    expect(forbidden(analyse(forged))).toEqual(['dangling_reference_defined']);
  });

  it('reports an unreadable object instead of throwing', () => {
    const page = lastPageNum(signed);
    const forged = appendRevision(signed, [{ num: page, body: '<< /Type /Page /Contents [1 0 R' }]);
    expect(forbidden(analyse(forged))).toEqual(['unreadable_object']);
  });
});
