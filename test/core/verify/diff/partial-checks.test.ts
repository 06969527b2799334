import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../../src/core/limits.js';
import { PdfDict, PdfRef } from '../../../../src/core/pdf/objects.js';
import { locatePage } from '../../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../../../src/core/pdf-write/serialize.js';
import { signPdf } from '../../../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../../../src/core/verify/verify-pdf.js';
import { MAX_WALK_ENTRIES } from '../../../../src/core/walk-bound.js';
import { appendRevision, nextObjectNumber } from '../../../helpers/append-revision.js';
import { makePdfLibDoc } from '../../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../../helpers/signing-setup.js';

/**
 * docs/verifier-defences.md "partial checks": a list longer than a check looks at lets the entries past the limit
 * paint or act unchecked. Past the bound the file is refused, never judged on the entries seen.
 */
async function signedWithNewField(kids: number): Promise<{ bytes: Buffer; anchors: Buffer[] }> {
  const k = await signingKit();
  const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc({ objectStreams: false }), 'PARTIAL'));
  const signed = Buffer.concat([r.original, r.update]);
  const file = PdfFile.open(signed, DEFAULT_PDF_LIMITS);
  const root = file.catalog();
  const form = new PdfDict(new Map(file.getDict(root, 'AcroForm')!.map));
  const n = nextObjectNumber(signed);
  form.set('Fields', [...(file.get(form, 'Fields') as PdfRef[]), new PdfRef(n, 0)]);
  const catalog = new PdfDict(new Map(root.map));
  catalog.set('AcroForm', form);
  // Every kid names the same new widget: the list, not the objects, is what is long.
  const list = Array.from({ length: kids }, () => `${n + 1} 0 R`).join(' ');
  const pageNum = locatePage(file, 'last').ref.num;
  const bytes = appendRevision(signed, [
    { num: (file.trailer.get('Root') as PdfRef).num, body: serializeValue(catalog).toString('latin1') },
    { num: n, body: `<< /FT /Sig /T (many) /Kids [${list}] >>` },
    { num: n + 1, body: `<< /Type /Annot /Subtype /Widget /Parent ${n} 0 R /P ${pageNum} 0 R /Rect [0 0 0 0] >>` },
  ]);
  return { bytes, anchors: [Buffer.from(new X509Certificate(k.rootPem).raw)] };
}

describe('a list longer than the analysis examines', () => {
  it('is examined in full up to the bound', async () => {
    const { bytes, anchors } = await signedWithNewField(1_000);
    const report = finishReport(verifyPdf({ bytes, anchors, now: TEST_NOW }), []);
    expect(report.signatures[0]!.modifications.map((m) => m.code)).toContain('signature_field_added');
  });

  it('refuses the file past the bound (limit_exceeded), instead of judging the first entries', async () => {
    const { bytes, anchors } = await signedWithNewField(MAX_WALK_ENTRIES + 1);
    expect(() => verifyPdf({ bytes, anchors, now: TEST_NOW })).toThrow(expect.objectContaining({ code: 'limit_exceeded' }));
  });
});

describe('a file with more signatures than any approval chain has', () => {
  const withSignatures = async (count: number): Promise<Buffer> => {
    const doc = await makePdfLibDoc({ objectStreams: false });
    const file = PdfFile.open(doc, DEFAULT_PDF_LIMITS);
    const catalog = new PdfDict(new Map(file.catalog().map));
    const fields = Array.from({ length: count }, (_, i) => `<< /FT /Sig /T (s${i}) /V << /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >> >>`).join(' ');
    const body = serializeValue(catalog).toString('latin1').replace(/>>$/, `/AcroForm << /Fields [${fields}] >> >>`);
    return appendRevision(doc, [{ num: (file.trailer.get('Root') as PdfRef).num, body }]);
  };

  it('is refused (limit_exceeded) rather than verified and reported one by one', async () => {
    const bytes = await withSignatures(101);
    expect(() => verifyPdf({ bytes, anchors: [], now: TEST_NOW })).toThrow(expect.objectContaining({ code: 'limit_exceeded' }));
  });

  it('is verified up to the bound', async () => {
    const report = finishReport(verifyPdf({ bytes: await withSignatures(100), anchors: [], now: TEST_NOW }), []);
    expect(report.signatures).toHaveLength(100);
    expect(report.verdict).toBe('invalid');
  });
});
