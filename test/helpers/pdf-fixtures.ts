import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName, PDFPage, PDFString, StandardFonts, rgb } from 'pdf-lib';
import { PNG } from 'pngjs';
import { makeOtherPki } from './other-pki.js';
import { runOrThrow, withTempDir } from './tool-run.js';

/** Input PDFs for the signer, generated at test time so no binary fixture is committed (SOURCES.md). */

const A4: [number, number] = [595.28, 841.89];
const PYHANKO_SCRIPT = fileURLToPath(new URL('./pyhanko-sign.py', import.meta.url));
const REPORTLAB_SCRIPT = fileURLToPath(new URL('./reportlab-doc.py', import.meta.url));

/** updateMetadata: false keeps the output free of the clock, so a fixture is the same on every run. */
async function newDoc(): Promise<PDFDocument> {
  return PDFDocument.create({ updateMetadata: false });
}

async function addTextPage(doc: PDFDocument, label: string): Promise<PDFPage> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(A4);
  page.drawText(label, { x: 60, y: 760, size: 18, font });
  page.drawText('docseal test fixture: plain Helvetica text.', { x: 60, y: 730, size: 11, font });
  return page;
}

/** Rewrites a PDF through qpdf (a second, independent writer) with the given options. */
function qpdfRewrite(pdf: Uint8Array, args: string[]): Promise<Buffer> {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    runOrThrow('qpdf', [...args, join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  });
}

/** pdf-lib's own writer; objectStreams defaults to true, pdf-lib's default (xref stream + ObjStm). */
export async function makePdfLibDoc(opts: { pages?: number; objectStreams?: boolean } = {}): Promise<Buffer> {
  const doc = await newDoc();
  for (let i = 1; i <= (opts.pages ?? 1); i++) await addTextPage(doc, `Page ${i}`);
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? true }));
}

/** ISO 32000-1 §7.5.4 classic xref table; text sits in the bottom-right corner so the seal must move. */
export async function makeClassicXrefPdf(): Promise<Buffer> {
  const doc = await newDoc();
  await addTextPage(doc, 'Classic xref, page 1');
  const last = await addTextPage(doc, 'Classic xref, page 2');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let line = 0; line < 6; line++) {
    last.drawText('Footer text in the bottom-right corner.', { x: 360, y: 30 + line * 14, size: 10, font });
  }
  return qpdfRewrite(await doc.save({ useObjectStreams: false }), ['--object-streams=disable']);
}

/** ReportLab's default output: content as /Filter [/ASCII85Decode /FlateDecode], text in the bottom-right corner. */
export function makeReportLabPdf(): Promise<Buffer> {
  return withTempDir((dir) => {
    runOrThrow('python3', [REPORTLAB_SCRIPT, join(dir, 'out.pdf')]);
    return readFileSync(join(dir, 'out.pdf'));
  });
}

/** ISO 32000-1 §7.5.8 cross-reference stream and §7.5.7 object streams (PDF 1.5+), written by qpdf. */
export async function makeXrefStreamPdf(): Promise<Buffer> {
  const pdf = await makePdfLibDoc({ pages: 2, objectStreams: false });
  return qpdfRewrite(pdf, ['--object-streams=generate']);
}

/** An AcroForm (text field + checkbox) and two non-widget annotations: a URI link and a sticky note. */
export async function makeAcroFormPdf(): Promise<Buffer> {
  const doc = await newDoc();
  const page = await addTextPage(doc, 'Form with annotations');
  const form = doc.getForm();
  const name = form.createTextField('applicant.name');
  name.setText('Alice Example');
  name.addToPage(page, { x: 60, y: 640, width: 220, height: 24 });
  form.createCheckBox('applicant.agree').addToPage(page, { x: 60, y: 600, width: 16, height: 16 });
  const link = doc.context.register(doc.context.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [60, 540, 260, 560], Border: [0, 0, 0],
    A: { S: 'URI', URI: PDFString.of('https://example.org/') },
  }));
  const note = doc.context.register(doc.context.obj({
    Type: 'Annot', Subtype: 'Text', Rect: [300, 540, 320, 560], Name: 'Comment',
    Contents: PDFString.of('A sticky note'), Open: false,
  }));
  page.node.addAnnot(link);
  page.node.addAnnot(note);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Page 2 /Rotate 90; page 3 /Rotate 270 with MediaBox [100 200 695 1042] (origin not at zero). */
export async function makeRotatedMultiPagePdf(): Promise<Buffer> {
  const doc = await newDoc();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  await addTextPage(doc, 'Page 1: A4, not rotated');
  const p2 = await addTextPage(doc, 'Page 2: /Rotate 90');
  p2.node.set(PDFName.of('Rotate'), doc.context.obj(90));
  const p3 = doc.addPage(A4);
  p3.setMediaBox(100, 200, 595, 842);
  p3.node.set(PDFName.of('Rotate'), doc.context.obj(270));
  p3.drawText('Page 3: /Rotate 270, MediaBox origin (100, 200)', { x: 160, y: 960, size: 14, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A full-page image under a full-page text grid: no free area for the seal anywhere. */
export async function makeFullPagePdf(): Promise<Buffer> {
  const doc = await newDoc();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(A4);
  const image = await doc.embedPng(makePng(120, 170, (x, y) => ((x + y) % 2 === 0 ? 200 : 150)));
  page.drawImage(image, { x: 0, y: 0, width: A4[0], height: A4[1] });
  for (let y = 4; y < A4[1]; y += 11) {
    page.drawText('covered '.repeat(16), { x: 0, y, size: 10, font, color: rgb(0, 0, 0) });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** AES-256 (qpdf R6) with a non-empty user password, so it cannot be opened without one. */
export async function makeEncryptedPdf(): Promise<Buffer> {
  return qpdfRewrite(await makePdfLibDoc({ objectStreams: false }), ['--encrypt', 'user', 'owner', '256', '--']);
}

/** A valid 3-page PDF cut in half: header present, xref and trailer missing. */
export async function makeTruncatedPdf(): Promise<Buffer> {
  const pdf = await makePdfLibDoc({ pages: 3, objectStreams: false });
  return pdf.subarray(0, Math.floor(pdf.length / 2));
}

/** PNG bytes: a real file of another type, for the not_pdf check. */
export function notAPdf(): Buffer {
  return makePng(8, 8, (x) => x * 30);
}

/** A grey-level PNG made by pngjs; `shade(x, y)` gives the grey value 0-255 of each pixel. */
export function makePng(width: number, height: number, shade: (x: number, y: number) => number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data.fill(shade(x, y), i, i + 3);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export type OtherSignerPdf = { pdf: Buffer; rootPem: string; signerCertPem: string; fieldName: string };

/**
 * A 2-page pdf-lib document signed by pyHanko (PAdES, /ETSI.CAdES.detached) with a second PKI made
 * by openssl in `tmpDir`; the caller owns and removes `tmpDir`.
 */
export async function makeOtherSignerPdf(tmpDir: string, fieldName = 'OtherSig'): Promise<OtherSignerPdf> {
  const pki = makeOtherPki(tmpDir);
  const input = join(tmpDir, 'other-unsigned.pdf');
  const output = join(tmpDir, 'other-signed.pdf');
  writeFileSync(input, await makePdfLibDoc({ pages: 2, objectStreams: false }));
  runOrThrow('python3', [
    PYHANKO_SCRIPT, input, output, pki.signerKeyPath, pki.signerCertPath, pki.rootCertPath, fieldName,
  ]);
  return { pdf: readFileSync(output), rootPem: pki.rootPem, signerCertPem: pki.signerCertPem, fieldName };
}
