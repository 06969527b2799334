import { describe, expect, it } from 'vitest';
import { signPdf } from '../../../src/core/sign/sign-pdf.js';
import { uploadWithSpareObjectStream } from '../../attacks/lib/hand-pdf.js';
import { signingKit, signRequestFor } from '../../helpers/signing-setup.js';

/** A classic one-page PDF written by hand; `extra` lands after the objects and before the xref. */
type HandMade = { more?: readonly string[]; extra?: string; prefix?: string; catalogExtra?: string; pagesExtra?: string; pageExtra?: string; trailerExtra?: string; duplicateRow?: boolean };

function handMade(opts: HandMade = {}): Buffer {
  const objs = [
    `1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>\nendobj\n`,
    `2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 ${opts.pagesExtra ?? ''} >>\nendobj\n`,
    `3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R ${opts.pageExtra ?? ''} >>\nendobj\n`,
    '4 0 obj\n<< /Length 23 >>\nstream\nBT /F1 12 Tf (hi) Tj ET\nendstream\nendobj\n',
    ...(opts.more ?? []).map((body, i) => `${i + 5} 0 obj\n${body}\nendobj\n`),
  ];
  let out = `${opts.prefix ?? ''}%PDF-1.4\n`;
  const offsets: number[] = [];
  for (const o of objs) {
    offsets.push(out.length);
    out += o;
  }
  out += opts.extra ?? '';
  const xref = out.length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`);
  if (opts.duplicateRow) {
    out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f\r\n${rows.join('')}3 1\n${rows[1]}`;
  } else {
    out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f\r\n${rows.join('')}`;
  }
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R ${opts.trailerExtra ?? ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('what the signer refuses or warns about in its input', () => {
  it('signs a plain file without warnings', async () => {
    const r = await signPdf(signRequestFor(await signingKit(), 'demo', handMade(), 'IN-plain'));
    expect(r.warnings).toEqual([]);
  });

  it('refuses an object defined again outside the cross-reference table (content masking)', async () => {
    const masked = handMade({ extra: '4 0 obj\n<< /Length 24 >>\nstream\nBT /F1 12 Tf (bye) Tj ET\nendstream\nendobj\n' });
    await expect(signPdf(signRequestFor(await signingKit(), 'demo', masked, 'IN-dup'))).rejects.toMatchObject({ code: 'ambiguous_pdf' });
  });

  it('refuses a cross-reference section that lists an object twice', async () => {
    const twice = handMade({ duplicateRow: true });
    await expect(signPdf(signRequestFor(await signingKit(), 'demo', twice, 'IN-row'))).rejects.toMatchObject({ code: 'ambiguous_pdf' });
  });

  it.each<[string, HandMade]>([
    ['the trailer', { trailerExtra: '/Root 1 0 R' }],
    ['the catalog', { catalogExtra: '/Pages 2 0 R' }],
    ['the catalog, as a key then null', { catalogExtra: '/Pages null' }],
    ['the page tree', { pagesExtra: '/Count 2' }],
    ['the page', { pageExtra: '/Contents null' }],
    ['a dictionary inside the page', { pageExtra: '/Resources << /Font << /F1 5 0 R /F1 6 0 R >> >>' }],
  ])('refuses a key given twice in %s (ambiguous_pdf)', async (_where, opts) => {
    await expect(signPdf(signRequestFor(await signingKit(), 'demo', handMade(opts), 'IN-dupkey'))).rejects.toMatchObject({ code: 'ambiguous_pdf' });
  });

  it('signs a file whose duplicate key lies in an object the update does not touch', async () => {
    const fontTwice = handMade({ pageExtra: '/Resources << /Font << /F1 5 0 R >> >>', more: ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /BaseFont /Courier >>'] });
    const r = await signPdf(signRequestFor(await signingKit(), 'demo', fontTwice, 'IN-dupfont'));
    expect(r.warnings).toEqual([]);
  });

  it('warns about an object definition inside stream data, and refuses it under a strict input policy', async () => {
    const hidden = '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>\nendobj';
    const carrier = handMade({ more: [`<< /Length ${hidden.length + 2} >>\nstream\n\n${hidden}\n\nendstream`] });
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo', carrier, 'IN-carrier'));
    expect(r.warnings.map((w) => w.code)).toEqual(['definitions_in_stream_data']);
    await expect(signPdf(signRequestFor(k, 'demo', carrier, 'IN-carrier-strict', { strictInput: true }))).rejects.toMatchObject({ code: 'unsupported_pdf' });
  });

  it('warns about an object stream holding objects no entry lists there (MuPDF repairs take them)', async () => {
    const r = await signPdf(signRequestFor(await signingKit(), 'demo', uploadWithSpareObjectStream(), 'IN-objstm'));
    expect(r.warnings.map((w) => w.code)).toContain('definitions_in_stream_data');
  });

  it('refuses bytes before the header', async () => {
    const prefixed = handMade({ prefix: '1 0 obj << /Type /Catalog >> endobj\n' });
    await expect(signPdf(signRequestFor(await signingKit(), 'demo', prefixed, 'IN-pre'))).rejects.toMatchObject({
      code: expect.stringMatching(/ambiguous_pdf|corrupt_pdf/),
    });
  });

  it('warns about an orphan object, and refuses it under a strict input policy', async () => {
    const orphan = handMade({ extra: '9 0 obj\n(planted)\nendobj\n' });
    const k = await signingKit();
    const r = await signPdf(signRequestFor(k, 'demo', orphan, 'IN-orphan'));
    expect(r.warnings.map((w) => w.code)).toEqual(['unreferenced_objects']);
    await expect(signPdf(signRequestFor(k, 'demo', orphan, 'IN-orphan-strict', { strictInput: true }))).rejects.toMatchObject({
      code: 'unsupported_pdf',
      details: { warnings: ['unreferenced_objects'] },
    });
  });

  it('warns about JavaScript, and refuses it under a strict input policy', async () => {
    const js = handMade({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
    const k = await signingKit();
    expect((await signPdf(signRequestFor(k, 'demo', js, 'IN-js'))).warnings.map((w) => w.code)).toEqual(['active_content']);
    await expect(signPdf(signRequestFor(k, 'demo', js, 'IN-js-strict', { strictInput: true }))).rejects.toMatchObject({ code: 'unsupported_pdf' });
  });
});
