import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OriginalOf, VerificationReport } from '../../src/core/verify/report.js';
import { loadCjkFont } from '../../src/services/seal-assets.js';
import { renderReportPage } from '../../src/views/report-page.js';
import { renderReportPdf } from '../../src/views/report-pdf.js';
import { runOrThrow, withTempDir } from '../helpers/tool-run.js';
import { tamperedReport } from '../views/tampered-report.js';

const HOSTILE_TITLE = `\u202E<b>x</b>\u{1F600}\u0000${'甲'.repeat(20)}${'A'.repeat(10_000)}`;

const entry = (i: number): OriginalOf => ({
  code: i % 2 ? 'original_of_revoked_document' : 'original_of_registered_document',
  documentId: `doc${i}`.padEnd(26, 'a'),
  title: HOSTILE_TITLE,
  department: 'demo',
  departmentName: { zh: '示范<i>局</i>', en: 'Demo & "Bureau"' },
  signedAt: '2026-01-01T00:00:00.000Z',
  status: i % 2 ? 'revoked' : 'active',
  ...(i % 2 ? { revocationReason: `<script>alert(${i})</script>\u202E${'R'.repeat(3000)}` } : {}),
  verifyUrl: `https://docseal.test/v/doc${i}`,
});

describe('the report with 100 originalOf entries, each with a 10,000-character unbroken title', () => {
  it('renders a PDF within the time budget that poppler reads, and an HTML page that escapes everything', async () => {
    const base = await tamperedReport();
    const report: VerificationReport = { ...base, originalOf: Array.from({ length: 100 }, (_, i) => entry(i)) };
    const started = performance.now();
    const pdf = await renderReportPdf(report, { generatedAtText: 'now', signed: false, font: loadCjkFont(), departmentNames: () => undefined });
    const ms = performance.now() - started;
    const info = await withTempDir((dir) => {
      writeFileSync(join(dir, 'r.pdf'), pdf);
      return { pages: runOrThrow('pdfinfo', [join(dir, 'r.pdf')]), text: runOrThrow('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-']) };
    });
    const pages = Number(/Pages:\s+(\d+)/.exec(info.pages)?.[1]);
    console.log(`hostile report: ${pdf.length} bytes, ${pages} pages, ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(20_000);
    expect(info.text).toContain('doc99');
    const page = renderReportPage(report, () => undefined);
    expect(page).not.toMatch(/<script>alert|<b>x<\/b>|<i>局<\/i>/);
  }, 60_000);
});
