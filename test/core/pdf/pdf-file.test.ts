import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEFAULT_PDF_LIMITS } from '../../../src/core/limits.js';
import { PdfDict, PdfReal, PdfString, isName } from '../../../src/core/pdf/objects.js';
import { pageInfo, pageRefs } from '../../../src/core/pdf/pages.js';
import { PdfFile } from '../../../src/core/pdf/pdf-file.js';

async function pdfLibDoc(useObjectStreams: boolean, pages = 3): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 700, font });
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/** A minimal classic PDF written by hand, with `extra` appended and the trailer's fields replaceable. */
function handMade(opts: { pagesObj?: string; trailerExtra?: string; body?: string } = {}): Buffer {
  const objs = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    `2 0 obj\n${opts.pagesObj ?? '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'}\nendobj\n`,
    `3 0 obj\n${opts.body ?? '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'}\nendobj\n`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(out.length);
    out += o;
  }
  const xref = out.length;
  out += `xref\n0 4\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('')}`;
  out += `trailer\n<< /Size 4 /Root 1 0 R ${opts.trailerExtra ?? ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('PdfFile', () => {
  it.each([true, false])('reads pdf-lib documents (object streams: %s)', async (objStm) => {
    const file = PdfFile.open(await pdfLibDoc(objStm), DEFAULT_PDF_LIMITS);
    expect(file.sections[0]!.kind).toBe(objStm ? 'stream' : 'table');
    const refs = pageRefs(file);
    expect(refs).toHaveLength(3);
    const info = pageInfo(file, refs[2]!);
    expect(info.box).toEqual([0, 0, 595, 842]);
    expect(isName(info.dict.get('Type'), 'Page')).toBe(true);
    expect(file.size).toBeGreaterThan(refs[2]!.num);
  });

  it('reads a hand-made classic file and its values', () => {
    const file = PdfFile.open(handMade({ body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200.5 200] /S (a\\(b\\)) /H <414> >>' }), DEFAULT_PDF_LIMITS);
    const page = file.getObject(3) as PdfDict;
    expect((page.get('MediaBox') as unknown[])[2]).toBeInstanceOf(PdfReal);
    expect(Buffer.from((page.get('S') as PdfString).bytes).toString()).toBe('a(b)');
    expect(Buffer.from((page.get('H') as PdfString).bytes).toString('hex')).toBe('4140');
  });

  it('refuses what is not a PDF, encrypted or truncated, with stable codes', async () => {
    const good = await pdfLibDoc(false);
    expect(() => PdfFile.open(Buffer.from('hello'), DEFAULT_PDF_LIMITS)).toThrow(expect.objectContaining({ code: 'not_pdf' }));
    expect(() => PdfFile.open(good.subarray(0, good.length / 2), DEFAULT_PDF_LIMITS)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
    expect(() => PdfFile.open(handMade({ trailerExtra: '/Encrypt << /Filter /Standard >>' }), DEFAULT_PDF_LIMITS)).toThrow(
      expect.objectContaining({ code: 'encrypted_pdf' }),
    );
  });

  it('detects a /Prev loop and a page-tree cycle', () => {
    const loop = handMade({ trailerExtra: '/Prev 999999' });
    expect(() => PdfFile.open(loop, DEFAULT_PDF_LIMITS)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
    const xrefAt = loop.lastIndexOf('xref\n0 4');
    const selfLoop = handMade({ trailerExtra: `/Prev ${xrefAt}` });
    expect(() => PdfFile.open(selfLoop, DEFAULT_PDF_LIMITS)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
    const cyclic = PdfFile.open(handMade({ pagesObj: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>' }), DEFAULT_PDF_LIMITS);
    expect(() => pageRefs(cyclic)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
  });

  it('bounds nesting depth', () => {
    const deep = handMade({ body: `<< /Type /Page /Parent 2 0 R /X ${'['.repeat(5000)}${']'.repeat(5000)} >>` });
    const file = PdfFile.open(deep, DEFAULT_PDF_LIMITS);
    expect(() => file.getObject(3)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
  });

  it('refuses a stream whose /Length misses endstream (content masking)', () => {
    const bad = handMade({ body: '<< /Length 3 >>\nstream\nabcdef\nendstream' });
    const file = PdfFile.open(bad, DEFAULT_PDF_LIMITS);
    expect(() => file.getObject(3)).toThrow(expect.objectContaining({ code: 'ambiguous_pdf' }));
  });

  it('refuses, at once, a cross-reference stream declaring millions of empty rows', () => {
    let out = '%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
    let prev = -1;
    for (let i = 0; i < 3; i++) {
      const at = out.length;
      out += `${3 + i} 0 obj\n<< /Type /XRef /W [0 0 0] /Index [0 5000000] /Size 5000000 /Root 1 0 R ${prev >= 0 ? `/Prev ${prev}` : ''} /Length 0 >>\nstream\n\nendstream\nendobj\n`;
      prev = at;
    }
    out += `startxref\n${prev}\n%%EOF\n`;
    const started = Date.now();
    expect(() => PdfFile.open(Buffer.from(out, 'latin1'), DEFAULT_PDF_LIMITS)).toThrow(expect.objectContaining({ code: 'corrupt_pdf' }));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
