import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../../src/core/limits.js';
import { PdfFile } from '../../../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../../../src/core/verify/verify-pdf.js';
import { appendRevision } from '../../../helpers/append-revision.js';
import { makePdfLibDoc } from '../../../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../../helpers/signing-setup.js';

describe('a later revision that re-issues an object under a new generation', () => {
  it('is a forbidden change, even when the bytes are the same (poppler then drops the object)', async () => {
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc({ objectStreams: false }), 'GEN'));
    const signed = Buffer.concat([r.original, r.update]);
    const file = PdfFile.open(signed, DEFAULT_PDF_LIMITS);
    const catalogNum = (file.trailer.get('Root') as { num: number }).num;
    const entry = file.entry(catalogNum);
    if (entry?.type !== 'offset') throw new Error('expected an uncompressed catalog');
    const end = signed.indexOf('endobj', entry.offset);
    const body = signed.toString('latin1', signed.indexOf('obj', entry.offset) + 3, end).trim();
    const forged = appendRevision(signed, [{ num: catalogNum, gen: 1, body }]);
    const report = finishReport(verifyPdf({ bytes: forged, anchors: [new X509Certificate(k.rootPem).raw], now: TEST_NOW }), []);
    expect(report.verdict).toBe('modified');
    expect(report.signatures[0]!.modifications.map((m) => m.code)).toContain('object_generation_changed');
  });
});
