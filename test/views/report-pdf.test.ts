import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { FILE_TEXT_MAX_CHARS } from '../../src/views/file-text.js';
import { message, verdictExplanation } from '../../src/views/messages/messages.js';
import { renderReportPdf } from '../../src/views/report-pdf.js';
import { HOSTILE_SENTENCE, hostileNamedPdf } from '../helpers/hostile-names.js';
import { TEST_NOW } from '../helpers/signing-setup.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';
import { tamperedReport } from './tampered-report.js';

let report: VerificationReport;

beforeAll(async () => {
  report = await tamperedReport();
});

/** The report's text as poppler extracts it, whitespace folded (the writer wraps long sentences). */
function textOf(pdf: Buffer): Promise<string> {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    return runOrThrow('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']).replace(/\s+/g, ' ');
  });
}

describe('the PDF verification report (English, Helvetica)', () => {
  it('prints the verdict explanation and the digest mismatch as a sentence, with its code', async () => {
    const text = await textOf(await renderReportPdf(report, { generatedAtText: '2026-11-27 11:20:05 +08:00', signed: true }));
    expect(text).toContain(verdictExplanation('en', 'invalid'));
    expect(text).toContain(message('en', 'digest_mismatch'));
    expect(text).toContain('digest_mismatch');
    expect(text).toContain('Integrity of the signed bytes: failed');
  });

  it('quotes, marks and cuts a long certificate subject in a sentence; what Helvetica cannot draw becomes ?', async () => {
    const subject = `CN=签发 ${'Very-Long-Subject-Name-'.repeat(12)}`;
    const long: VerificationReport = {
      ...report,
      warnings: [{ id: 'trust.validity', status: 'failed', code: 'certificate_expired', params: { subject, notAfter: '2020-01-01' } }],
    };
    const text = await textOf(await renderReportPdf(long, { generatedAtText: 'now', signed: true }));
    expect(text).toContain('certificate_expired');
    const cut = `${[...subject].slice(0, FILE_TEXT_MAX_CHARS - 1).join('').replace(/[^\x20-\x7e]/g, '?')}\u2026`;
    expect(text).toContain(`The certificate of \u201c${cut}\u201d (from the file) had expired (2020-01-01) at the signing time.`);
    expect(text).not.toContain('Very-Long-Subject-Name-'.repeat(3));
  });

  it('an uploader sentence in the field name and /Name appears only quoted, marked and cut', async () => {
    const bytes = await hostileNamedPdf();
    const hostile = finishReport(verifyPdf({ bytes, anchors: [], now: TEST_NOW }), []);
    const text = await textOf(await renderReportPdf(hostile, { generatedAtText: 'now', signed: true }));
    const quoted = (s: string) => `\u201c${s.slice(0, FILE_TEXT_MAX_CHARS - 1)}\u2026\u201d (from the file)`;
    expect(text).toContain(`Signature field: ${quoted(`docseal-${HOSTILE_SENTENCE}`)}`);
    expect(text).toContain(`Name the signature gives (/Name, not proven): ${quoted(HOSTILE_SENTENCE)}`);
    expect(text).toContain('Signer: \u201cCN=Demo City Civil Affairs Bureau, O=Docseal Development, C=CN\u201d (from the file)');
    expect(text).not.toContain(HOSTILE_SENTENCE);
    // Every occurrence of the sentence's start is inside a quote.
    const starts = [...text.matchAll(/This document is certified/g)].map((m) => m.index);
    expect(starts.length).toBe(2);
    for (const at of starts) expect(text.slice(at - 9, at)).toMatch(/\u201c(docseal-)?$/);
    expect(text).toContain('it is not a statement of this service');
  });

  it('an unsigned copy says so at the top and keeps no room for a seal', async () => {
    const text = await textOf(await renderReportPdf(report, { generatedAtText: 'now', signed: false }));
    expect(text).toMatch(/^ ?Verification report \(unsigned copy\) Unsigned copy: this report is not signed by the service and is not kept by it/);
  });

  it('tells a signature match from a file match in the registry section', async () => {
    const sig = report.signatures[0]!;
    const matched: VerificationReport = {
      ...report,
      verdict: 'revoked',
      registry: [
        { documentId: 'docsig', department: 'demo', status: 'revoked', revocationReason: 'Issued in error', matched: 'signature', objectNumber: sig.objectNumber, fieldName: sig.fieldName },
        { documentId: 'docfile', department: 'demo', status: 'active', matched: 'file' },
      ],
    };
    const text = await textOf(await renderReportPdf(matched, { generatedAtText: 'now', signed: true }));
    expect(text).toContain('docsig (demo) Revoked: Issued in error');
    expect(text).toContain('signature 1 is the one we made for this document, but the file is not byte for byte the one we issued');
    expect(text).toContain('docfile (demo) Active the whole file is the one we issued');
  });
});
