import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { locatePage, pageRefs } from '../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';

/** A page tree with intermediate nodes: root → [A(2 pages), page, B(3 pages)]. */
function nestedTree(rootCount = 6): Buffer {
  const objs: string[] = [];
  const add = (body: string): number => objs.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count ${rootCount} >>`);
  add('<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 >>');
  for (let i = 0; i < 2; i++) add('<< /Type /Page /Parent 3 0 R /MediaBox [0 0 100 100] >>');
  add('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>');
  add('<< /Type /Pages /Parent 2 0 R /Kids [8 0 R 9 0 R 10 0 R] /Count 3 >>');
  for (let i = 0; i < 3; i++) add('<< /Type /Page /Parent 7 0 R /MediaBox [0 0 300 300] >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('locatePage', () => {
  it('finds every page of a nested tree by /Count, in document order', () => {
    const file = PdfFile.open(nestedTree(), DEFAULT_PDF_LIMITS);
    const all = pageRefs(file).map((r) => r.num);
    expect(all).toEqual([4, 5, 6, 8, 9, 10]);
    for (let i = 0; i < 6; i++) expect(locatePage(file, i)).toEqual({ ref: expect.objectContaining({ num: all[i] }), count: 6 });
    expect(locatePage(file, 'last').ref.num).toBe(10);
  });

  it('falls back to the full walk when /Count lies', () => {
    const file = PdfFile.open(nestedTree(9), DEFAULT_PDF_LIMITS);
    expect(locatePage(file, 'last')).toEqual({ ref: expect.objectContaining({ num: 10 }), count: 6 });
    expect(() => locatePage(file, 7)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('indexes a flat tree directly', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 50; i++) doc.addPage([100 + i, 100]);
    const file = PdfFile.open(Buffer.from(await doc.save()), DEFAULT_PDF_LIMITS);
    expect(locatePage(file, 30).ref.num).toBe(pageRefs(file)[30]!.num);
  });
});
