import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../../src/core/limits.js';
import { PdfDict, PdfRef } from '../../../../src/core/pdf/objects.js';
import { locatePage } from '../../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../../src/core/pdf/pdf-file.js';
import { serializeValue } from '../../../../src/core/pdf-write/serialize.js';
import { signPdf } from '../../../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../../../src/core/verify/verify-pdf.js';
import { appendRevision, nextObjectNumber, streamBody } from '../../../helpers/append-revision.js';
import { makePdfLibDoc } from '../../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../../helpers/signing-setup.js';

describe('a signature widget added to a page but not to the form', () => {
  it('is forbidden: no verifier would check it while it paints over the signed page', async () => {
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc({ objectStreams: false }), 'HIDDEN'));
    const signed = Buffer.concat([r.original, r.update]);
    const file = PdfFile.open(signed, DEFAULT_PDF_LIMITS);
    const pageRef = locatePage(file, 'last').ref;
    const page = new PdfDict(new Map((file.getObject(pageRef.num) as PdfDict).map));
    const n = nextObjectNumber(signed);
    const annots = file.resolve(page.get('Annots'));
    page.set('Annots', [...(Array.isArray(annots) ? annots : []), new PdfRef(n, 0)]);
    const forged = appendRevision(signed, [
      { num: pageRef.num, body: serializeValue(page).toString('latin1') },
      { num: n, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (x) /V ${n + 1} 0 R /F 4 /P ${pageRef.num} 0 R /Rect [0 0 595 842] /AP << /N ${n + 2} 0 R >> >>` },
      { num: n + 1, body: '<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>' },
      { num: n + 2, body: streamBody('/Type /XObject /Subtype /Form /BBox [0 0 595 842]', '1 1 1 rg 0 0 595 842 re f') },
    ]);
    const report = finishReport(verifyPdf({ bytes: forged, anchors: [new X509Certificate(k.rootPem).raw], now: TEST_NOW }), []);
    expect(report.verdict).toBe('modified');
    expect(report.signatures[0]!.modifications.map((m) => m.code)).toContain('signature_field_not_in_form');
  });
});
