import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { message, verdictExplanation } from '../../src/views/messages/messages.js';
import { renderReportPdf } from '../../src/views/report-pdf.js';
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
    const text = await textOf(await renderReportPdf(report, { generatedAtText: '2026-11-27 11:20:05 +08:00' }));
    expect(text).toContain(verdictExplanation('en', 'invalid'));
    expect(text).toContain(message('en', 'digest_mismatch'));
    expect(text).toContain('digest_mismatch');
    expect(text).toContain('Integrity of the signed bytes: failed');
  });

  it('wraps long params and keeps what Helvetica cannot draw as ?', async () => {
    const subject = `CN=${'Very-Long-Subject-Name-'.repeat(12)}签发`;
    const long: VerificationReport = {
      ...report,
      warnings: [{ id: 'trust.validity', status: 'failed', code: 'certificate_expired', params: { subject, notAfter: '2020-01-01' } }],
    };
    const text = await textOf(await renderReportPdf(long, { generatedAtText: 'now' }));
    expect(text).toContain('certificate_expired');
    expect(text).toContain('had expired (2020-01-01) at the signing time.');
    expect(text).toContain('-??');
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
    const text = await textOf(await renderReportPdf(matched, { generatedAtText: 'now' }));
    expect(text).toContain('docsig (demo) Revoked: Issued in error');
    expect(text).toContain('signature 1 is the one we made for this document, but the file is not byte for byte the one we issued');
    expect(text).toContain('docfile (demo) Active the whole file is the one we issued');
  });
});
