import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';
import { bodyRegions, startXrefTargets, unreferencedDefinitions } from '../../../src/core/pdf/structure-scan.js';

/** A one-page PDF whose object 5 is a large stream; `inData` goes inside its data, `after` after it. */
function withLargeStream(opts: { inData?: string; after?: string } = {}): Buffer {
  const data = `${'x'.repeat(300 * 1024)}${opts.inData ?? ''}${'y'.repeat(1024)}`;
  const objs = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>\nendobj\n',
    '4 0 obj\n(four)\nendobj\n',
    `5 0 obj\n<< /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(out.length);
    out += o;
  }
  out += opts.after ?? '';
  const xref = out.length;
  out += `xref\n0 6\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('structure scans', () => {
  it('skips the data of large streams, as a reader parsing the body would', () => {
    const file = PdfFile.open(withLargeStream({ inData: '\n4 0 obj\n(inside data)\nendobj\nstartxref\n9\n' }), DEFAULT_PDF_LIMITS);
    const regions = bodyRegions(file);
    expect(regions).toHaveLength(2);
    expect(regions[0]![1] - regions[0]![0] + (regions[1]![1] - regions[1]![0])).toBeLessThan(2048);
    expect(unreferencedDefinitions(file)).toEqual([]);
    expect(startXrefTargets(file.bytes, regions)).toHaveLength(1);
  });

  it('still finds an object defined again after a large stream', () => {
    const file = PdfFile.open(withLargeStream({ after: '4 0 obj\n(masked)\nendobj\n' }), DEFAULT_PDF_LIMITS);
    expect(unreferencedDefinitions(file).map((d) => d.num)).toEqual([4]);
  });
});
