import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfDict, PdfRef, PdfStream, isName, type PdfObject } from '../../../src/core/pdf/objects.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import type { SignRequest, SignResult } from '../../../src/core/sign/types.js';
import { certified } from '../../helpers/certified-pdf.js';
import { signingKit, signRequestFor } from '../../helpers/signing-setup.js';

const visibleField = (rect = '[300 40 550 140]', extra = '') =>
  `<< /FT /Sig /T (Approval) /Type /Annot /Subtype /Widget /F 132 /Rect ${rect} /P 3 0 R ${extra} >>`;

async function sign(pdf: Buffer, id: string, extra: Partial<SignRequest> = {}): Promise<SignResult> {
  return signPdf(signRequestFor(await signingKit(), 'demo', pdf, id, extra));
}

function opened(r: SignResult): PdfFile {
  return PdfFile.open(Buffer.concat([r.original, r.update]), DEFAULT_PDF_LIMITS);
}

/** Object numbers the update defines that the original already had: what it rewrites. */
function rewritten(r: SignResult, originalSize: number): number[] {
  return [...opened(r).sections[0]!.entries.keys()].filter((n) => n > 0 && n < originalSize).sort((a, b) => a - b);
}

const codes = (r: SignResult): string[] => r.warnings.map((w) => w.code);

describe('countersigning a certified document (DocMDP P=2 or 3)', () => {
  it('signs into the empty signature field: /V and the seal as /AP /N, nothing else rewritten', async () => {
    const r = await sign(certified({ field: visibleField() }), 'CS-fill');
    expect(r.fieldName).toBe('Approval');
    expect(r.rect).toEqual([300, 40, 550, 140]);
    expect(codes(r)).toEqual([]);
    // Neither the catalog (1), the page (3) nor the form: only the field.
    expect(rewritten(r, 7)).toEqual([6]);
    const file = opened(r);
    const field = file.getObject(6) as PdfDict;
    expect(isName(file.get(file.get(field, 'V') as PdfDict, 'Type'), 'Sig')).toBe(true);
    expect(file.get(field, 'Rect')).toEqual([300, 40, 550, 140]);
    expect(field.get('F')).toBe(132);
    const ap = file.get(file.getDict(field, 'AP')!, 'N');
    expect(ap).toBeInstanceOf(PdfStream);
    // The seal keeps its shape: one scale for both axes, centred in the 250 x 100 box.
    expect(Buffer.from((ap as PdfStream).data).toString('latin1')).toMatch(/^q 0\.992 0 0 0\.992 0 0\.397 cm \/Seal Do Q$/);
    expect(file.get((ap as PdfStream).dict, 'BBox')).toEqual([0, 0, 250, 100]);
  });

  it('on a page with /Rotate 90 turns the fitted seal with the page, its box the /Rect as the reader sees it', async () => {
    const r = await sign(certified({ field: visibleField('[300 40 400 290]'), pageExtra: '/Rotate 90' }), 'CS-rot');
    const file = opened(r);
    const ap = file.get(file.getDict(file.getObject(6) as PdfDict, 'AP')!, 'N') as PdfStream;
    // The /Rect is 100 wide and 250 tall in user space: 250 x 100 on the turned page.
    expect(file.get(ap.dict, 'BBox')).toEqual([0, 0, 250, 100]);
    expect(file.get(ap.dict, 'Matrix')).toEqual([0, 1, -1, 0, 100, 0]);
  });

  it('signs into a field whose widget is a kid, giving the widget the appearance', async () => {
    const r = await sign(certified({
      field: '<< /FT /Sig /T (Parent) /Kids [7 0 R] >>',
      annots: '/Annots [7 0 R]',
      more: ['<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [100 100 226 150] /P 3 0 R /F 132 >>'],
    }), 'CS-kid');
    expect(r.fieldName).toBe('Parent');
    expect(rewritten(r, 8)).toEqual([6, 7]);
    const file = opened(r);
    expect((file.getObject(6) as PdfDict).has('V')).toBe(true);
    expect((file.getObject(6) as PdfDict).has('AP')).toBe(false);
    expect(file.getDict(file.getObject(7) as PdfDict, 'AP')?.get('N')).toBeInstanceOf(PdfRef);
  });

  it('prefers a prepared field on the page asked for, and reads P=3 like P=2', async () => {
    const r = await sign(certified({ field: visibleField(), params: '/P 3' }), 'CS-p3', { placement: { page: 1 } });
    expect(r.fieldName).toBe('Approval');
    expect(r.page).toBe(1);
  });

  it('reads an absent /P as 2 (Table 254) and signs into the field', async () => {
    const r = await sign(certified({ field: visibleField(), params: '' }), 'CS-absent');
    expect(r.fieldName).toBe('Approval');
  });

  it.each([
    ['P=1', '/P 1', /no changes permitted/],
    ['P=4', '/P 4', /other than 1, 2 or 3/],
    ['P=2.0, a real', '/P 2.0', /other than 1, 2 or 3/],
    ['P as a name', '/P /Two', /other than 1, 2 or 3/],
  ])('refuses a certification with %s (422 unsupported_pdf)', async (_name, params, message) => {
    await expect(sign(certified({ field: visibleField(), params }), 'CS-bad')).rejects.toMatchObject({ code: 'unsupported_pdf', message: expect.stringMatching(message) });
  });

  it('reads a certification from a signed field value as the verifier does, without /Perms', async () => {
    const viaField = (params: string) => certified({
      certified: false,
      params,
      field: visibleField(),
      form: '<< /Fields [6 0 R 7 0 R] /SigFlags 3 >>',
      more: ['<< /FT /Sig /T (Cert) /V 5 0 R >>'],
    });
    expect((await sign(viaField('/P 2'), 'CS-field-cert')).fieldName).toBe('Approval');
    await expect(sign(viaField('/P 9'), 'CS-field-bad')).rejects.toMatchObject({ code: 'unsupported_pdf' });
  });

  it('without an empty field adds a new visible field, warns, and keeps the direct /AcroForm direct', async () => {
    const r = await sign(certified(), 'CS-new');
    expect(r.fieldName).toBe('docseal-CS-new');
    expect(codes(r)).toEqual(['new_field_after_certification']);
    const file = opened(r);
    const form = file.catalog().get('AcroForm');
    expect(form).toBeInstanceOf(PdfDict);
    expect((form as PdfDict).get('SigFlags')).toBe(3);
    expect(((form as PdfDict).get('Fields') as PdfObject[]).length).toBe(1);
    expect(rewritten(r, 6)).toEqual([1, 3]);
  });

  it('signs invisibly with seal=none: a zero /Rect and no appearance, and no warning', async () => {
    const r = await sign(certified(), 'CS-none', { invisible: true });
    expect(codes(r)).toEqual([]);
    expect(r.rect).toEqual([0, 0, 0, 0]);
    const file = opened(r);
    const fields = file.get(file.getDict(file.catalog(), 'AcroForm')!, 'Fields') as PdfObject[];
    const widget = file.resolve(fields[0]) as PdfDict;
    expect(file.get(widget, 'Rect')).toEqual([0, 0, 0, 0]);
    expect(widget.has('AP')).toBe(false);
    expect(widget.has('V')).toBe(true);
  });

  it('leaves a prepared visible field to the visible signer when asked for an invisible signature', async () => {
    const r = await sign(certified({ field: visibleField() }), 'CS-none-field', { invisible: true });
    expect(r.fieldName).toBe('docseal-CS-none-field');
    expect((opened(r).getObject(6) as PdfDict).has('V')).toBe(false);
  });

  it('signs into an invisible prepared field, unseen, and says the seal is not shown', async () => {
    const r = await sign(certified({ field: visibleField('[0 0 0 0]') }), 'CS-unseen');
    expect(r.fieldName).toBe('Approval');
    expect(codes(r)).toEqual(['seal_not_shown']);
    expect(r.rect).toEqual([0, 0, 0, 0]);
    expect((opened(r).getObject(6) as PdfDict).has('AP')).toBe(false);
  });

  it('sets /SigFlags on a direct form that lacks them, in the catalog, without a new form object', async () => {
    const r = await sign(certified({ field: visibleField(), form: '<< /Fields [6 0 R] >>' }), 'CS-flags');
    expect(rewritten(r, 7)).toEqual([1, 6]);
    const form = opened(r).catalog().get('AcroForm');
    expect(form).toBeInstanceOf(PdfDict);
    expect((form as PdfDict).get('SigFlags')).toBe(3);
  });

  it('does not sign into a prepared field of an uncertified document: it adds its own, as before', async () => {
    const r = await sign(certified({ field: visibleField(), certified: false }), 'CS-plain');
    expect(r.fieldName).toBe('docseal-CS-plain');
    expect(codes(r)).toEqual([]);
    expect(opened(r).getObject(6)).toBeInstanceOf(PdfDict);
    expect((opened(r).getObject(6) as PdfDict).has('V')).toBe(false);
  });
});
