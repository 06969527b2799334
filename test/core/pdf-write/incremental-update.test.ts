import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import type { PdfString } from '../../../src/core/pdf/objects.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import { finishReport, verifyPdf } from '../../../src/core/verify/verify-pdf.js';
import { signingKit, signRequestFor, TEST_NOW } from '../../helpers/signing-setup.js';
import { runCapture, withTempDir } from '../../helpers/tool-run.js';

/** A one-page PDF whose catalog and page were written under generation 1 (an older tool's rewrite). */
function generationOnePdf(trailerExtra = ''): Buffer {
  const objs = [
    '1 1 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 1 R] /Count 1 >>\nendobj\n',
    '3 1 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>\nendobj\n',
    '4 0 obj\n<< /Length 17 >>\nstream\n0 0 m 100 100 l S\nendstream\nendobj\n',
  ];
  let out = '%PDF-1.7\n';
  const rows: string[] = [];
  objs.forEach((o) => {
    rows.push(`${String(out.length).padStart(10, '0')} ${o.split(' ')[1]!.padStart(5, '0')} n\r\n`);
    out += o;
  });
  const xref = out.length;
  out += `xref\n0 5\n0000000000 65535 f\r\n${rows.join('')}trailer\n<< /Size 5 /Root 1 1 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('the incremental update and generation numbers (ISO 32000-1 §7.5.4)', () => {
  it('lists a rewritten object under its own generation, so no reader repairs the file', async () => {
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo', generationOnePdf(), 'GEN-1'));
    const signed = Buffer.concat([r.original, r.update]);
    const section = PdfFile.open(signed, DEFAULT_PDF_LIMITS).sections[0]!;
    expect(section.entries.get(1)).toMatchObject({ type: 'offset', gen: 1 });
    expect(section.entries.get(3)).toMatchObject({ type: 'offset', gen: 1 });
    const report = finishReport(verifyPdf({ bytes: signed, anchors: [Buffer.from(new X509Certificate(k.rootPem).raw)], now: TEST_NOW }), []);
    expect(report.verdict).toBe('valid');
    await withTempDir((dir) => {
      const path = join(dir, 'signed.pdf');
      writeFileSync(path, signed);
      const qpdf = runCapture('qpdf', ['--check', path]);
      expect(qpdf.stdout + qpdf.stderr).not.toMatch(/WARNING|reconstruct/i);
      expect(qpdf.exitCode).toBe(0);
    });
  });

  it('keeps the first element of the file identifier and gives this version its own second (§14.4)', async () => {
    const k = await signingKit();
    const idOf = (pdf: Buffer) => (PdfFile.open(pdf, DEFAULT_PDF_LIMITS).trailer.get('ID') as PdfString[]).map((s) => Buffer.from(s.bytes).toString('hex'));
    const first = 'a'.repeat(32);
    const withId = generationOnePdf(`/ID [<${first}> <${'b'.repeat(32)}>] `);
    const once = await signPdf(signRequestFor(k, 'demo', withId, 'ID-1'));
    const [kept, version] = idOf(Buffer.concat([once.original, once.update]));
    expect(kept).toBe(first);
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect(version).not.toBe('b'.repeat(32));
    const again = await signPdf(signRequestFor(k, 'demo', withId, 'ID-2'));
    expect(idOf(Buffer.concat([again.original, again.update]))[1]).not.toBe(version);
    // A file written without one gets one, both elements equal, as a file first written does.
    const fresh = await signPdf(signRequestFor(k, 'demo', generationOnePdf(), 'ID-3'));
    const [a, b] = idOf(Buffer.concat([fresh.original, fresh.update]));
    expect(a).toBe(b);
  });
});
