import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../src/core/verify/report.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { FILE_TEXT_MAX_CHARS } from '../../src/views/file-text.js';
import { message, verdictExplanation } from '../../src/views/messages/messages.js';
import type { CjkFont } from '../../src/core/seal/cjk-font.js';
import { loadCjkFont } from '../../src/services/seal-assets.js';
import { renderReportPdf, type ReportPdfOptions } from '../../src/views/report-pdf.js';
import { HOSTILE_SENTENCE, hostileNamedPdf } from '../helpers/hostile-names.js';
import { TEST_NOW } from '../helpers/signing-setup.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';
import { tamperedReport } from './tampered-report.js';

let report: VerificationReport;
let font: CjkFont;

beforeAll(async () => {
  report = await tamperedReport();
  font = loadCjkFont();
});

const DEMO = { zh: '示范市民政局', en: 'Demo City Civil Affairs Bureau' };

function render(r: VerificationReport, opts: Partial<ReportPdfOptions> = {}): Promise<Buffer> {
  return renderReportPdf(r, { generatedAtText: 'now', signed: true, font, departmentNames: (code) => (code === 'demo' ? DEMO : undefined), ...opts });
}

/** The report's text as poppler extracts it, whitespace folded (the writer wraps long sentences). */
function textOf(pdf: Buffer): Promise<string> {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    return runOrThrow('pdftotext', ['-enc', 'UTF-8', join(dir, 'report.pdf'), '-']).replace(/\s+/g, ' ');
  });
}

describe('the PDF verification report (Chinese first, English below, one embedded CJK font)', () => {
  it('prints the verdict explanation and the digest mismatch as a sentence, with its code', async () => {
    const text = await textOf(await render(report, { generatedAtText: '2026-11-27 11:20:05 +08:00' }));
    expect(text).toContain(`${verdictExplanation('zh', 'invalid')} ${verdictExplanation('en', 'invalid')}`);
    expect(text).toContain(`${message('zh', 'digest_mismatch')} ${message('en', 'digest_mismatch')}`);
    expect(text).toContain('签署字节的完整性 / Integrity of the signed bytes: 失败 / failed digest_mismatch');
    expect(text).toContain('结论 / Verdict: 无效 / Invalid');
    expect(text).toContain('报告生成时间 / Report made at: 2026-11-27 11:20:05 +08:00');
  });

  it('quotes, marks and cuts a long certificate subject in a sentence; Chinese in it prints, what the font lacks becomes ?', async () => {
    const subject = `CN=签发\u{1F600} ${'Very-Long-Subject-Name-'.repeat(12)}`;
    const long: VerificationReport = {
      ...report,
      warnings: [{ id: 'trust.validity', status: 'failed', code: 'certificate_expired', params: { subject, notAfter: '2020-01-01' } }],
    };
    const text = await textOf(await render(long));
    expect(text).toContain('certificate_expired');
    const cut = `${[...subject].slice(0, FILE_TEXT_MAX_CHARS - 1).join('').replace('\u{1F600}', '?')}\u2026`;
    expect(cut).toMatch(/^CN=签发\? Very/);
    expect(text).toContain(`The certificate of \u201c${cut}\u201d (from the file) had expired (2020-01-01) at the signing time.`);
    expect(text).not.toContain('Very-Long-Subject-Name-'.repeat(3));
  });

  it('an uploader sentence in the field name and /Name appears only quoted, marked and cut', async () => {
    const bytes = await hostileNamedPdf();
    const hostile = finishReport(verifyPdf({ bytes, anchors: [], now: TEST_NOW }), []);
    const text = await textOf(await render(hostile));
    const quoted = (s: string) => `\u201c${s.slice(0, FILE_TEXT_MAX_CHARS - 1)}\u2026\u201d (文件所载 / from the file)`;
    expect(text).toContain(`签名域 / Signature field: ${quoted(`docseal-${HOSTILE_SENTENCE}`)}`);
    expect(text).toContain(`Name the signature gives (/Name, not proven): ${quoted(HOSTILE_SENTENCE)}`);
    expect(text).toContain('签名者 / Signer: \u201cCN=Demo City Civil Affairs Bureau, O=Docseal Development, C=CN\u201d (文件所载 / from the file)');
    expect(text).not.toContain(HOSTILE_SENTENCE);
    // Every occurrence of the sentence's start is inside a quote.
    const starts = [...text.matchAll(/This document is certified/g)].map((m) => m.index);
    expect(starts.length).toBe(2);
    for (const at of starts) expect(text.slice(at - 9, at)).toMatch(/\u201c(docseal-)?$/);
    expect(text).toContain('it is not a statement of this service');
  });

  it('an unsigned copy says so at the top and keeps no room for a seal', async () => {
    const text = await textOf(await render(report, { signed: false }));
    expect(text).toMatch(/^ ?验证报告（未签名副本） Verification report \(unsigned copy\) 未签名副本：本报告未经本服务签名/);
    expect(text).toContain('Unsigned copy: this report is not signed by the service and is not kept by it');
  });

  it('names the department of a registry match by its names, not its code; an unknown one by its code', async () => {
    const sig = report.signatures[0]!;
    const matched: VerificationReport = {
      ...report,
      verdict: 'revoked',
      registry: [
        { documentId: 'docsig', department: 'demo', status: 'revoked', revocationReason: 'Issued in error', matched: 'signature', objectNumber: sig.objectNumber, fieldName: sig.fieldName },
        { documentId: 'docfile', department: 'demo', status: 'active', matched: 'file' },
        { documentId: 'docgone', department: 'closed', status: 'active', matched: 'file' },
      ],
    };
    const text = await textOf(await render(matched));
    expect(text).toContain('docsig 示范市民政局 / Demo City Civil Affairs Bureau 已撤销 / Revoked: Issued in error');
    expect(text).toContain('签名 1 是本服务为该文档所作的签名，但文件的字节与签发的文件不完全相同');
    expect(text).toContain('signature 1 is the one we made for this document, but the file is not byte for byte the one we issued');
    expect(text).toContain('docfile 示范市民政局 / Demo City Civil Affairs Bureau 有效 / Active 整个文件即本服务签发的文件 the whole file is the one we issued');
    expect(text).toContain('docgone closed 有效 / Active');
    expect(text).not.toContain('(demo)');
  });
});
