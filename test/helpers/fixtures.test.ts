import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import {
  makeAcroFormPdf, makeClassicXrefPdf, makeEncryptedPdf, makeFullPagePdf, makeOtherSignerPdf,
  makePdfLibDoc, makeReportLabPdf, makeRotatedMultiPagePdf, makeTruncatedPdf, makeXrefStreamPdf, notAPdf,
} from './pdf-fixtures.js';
import { ENCODINGS, makeFilteredPdf } from './filtered-pdfs.js';
import { makeTempDir, removeDir, runCapture } from './tool-run.js';
import { inkRatio, makeNssDb, renderPage, runMutoolVerify, runPdfsig } from './verifiers.js';

let dir: string;
beforeAll(() => { dir = makeTempDir(); });
afterAll(() => removeDir(dir));

function save(name: string, pdf: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
}

function qpdfCheck(name: string, pdf: Buffer, extra: string[] = []): ReturnType<typeof runCapture> {
  return runCapture('qpdf', [...extra, '--check', save(name, pdf)]);
}

const latin1 = (b: Buffer): string => b.toString('latin1');

describe('valid fixtures pass qpdf --check', () => {
  const cases: Array<[string, () => Promise<Buffer>]> = [
    ['pdf-lib default', () => makePdfLibDoc({ pages: 2 })],
    ['pdf-lib without object streams', () => makePdfLibDoc({ objectStreams: false })],
    ['classic xref', makeClassicXrefPdf],
    ['xref stream', makeXrefStreamPdf],
    ['AcroForm', makeAcroFormPdf],
    ['rotated', makeRotatedMultiPagePdf],
    ['full page', makeFullPagePdf],
    ['ReportLab', makeReportLabPdf],
  ];
  it.each(cases)('%s', async (name, make) => {
    const out = qpdfCheck(`${name}.pdf`, await make());
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('No syntax or stream encoding errors found');
  });
});

describe('filtered fixtures: qpdf, MuPDF and poppler read what our test encoders write', () => {
  const E = ENCODINGS;
  const cases = [
    ['ASCII85 over Flate, PNG predictor xref', { content: E.ascii85Flate, objects: E.ascii85Flate, xref: E.ascii85FlatePng }],
    ['LZW, EarlyChange 0 object stream, LZW PNG xref', { content: E.lzw, objects: E.lzwEarly0, xref: E.lzwPng }],
    ['ASCIIHex over RunLength', { content: E.hexRunLength, objects: E.hexRunLength, xref: E.hexRunLength }],
  ] as const;
  it.each(cases)('%s', (name, spec) => {
    const path = save(`${name}.pdf`, makeFilteredPdf(spec));
    const check = runCapture('qpdf', ['--check', path]);
    expect(check.stdout + check.stderr).not.toMatch(/WARNING|reconstruct/i);
    expect(check.exitCode).toBe(0);
    // Decoding every stream qpdf can (all but the JPEG) must succeed.
    expect(runCapture('qpdf', ['--decode-level=generalized', '--stream-data=uncompress', path, join(dir, 'plain.pdf')]).exitCode).toBe(0);
    expect(runCapture('pdftotext', [path, '-']).stdout).toContain(`Filtered streams: ${spec.content.filter}`);
    expect(runCapture('mutool', ['draw', '-o', join(dir, 'page.png'), path]).stderr).not.toMatch(/error/i);
  });

  it('ReportLab writes its page content as ASCII85 over Flate', async () => {
    expect(latin1(await makeReportLabPdf())).toMatch(/\/Filter \[ \/ASCII85Decode \/FlateDecode \]/);
  });
});

describe('cross-reference layouts', () => {
  it('pdf-lib writes object streams by default and a table when told not to', async () => {
    expect(latin1(await makePdfLibDoc())).toContain('/ObjStm');
    const plain = latin1(await makePdfLibDoc({ objectStreams: false }));
    expect(plain).toMatch(/\nxref\n0 \d+\n/);
    expect(plain).not.toContain('/ObjStm');
  });

  it('classic: an xref table, a trailer, no object streams', async () => {
    const text = latin1(await makeClassicXrefPdf());
    expect(text).toMatch(/\nxref\n0 \d+\n/);
    expect(text).toMatch(/\ntrailer\s*<</);
    expect(text).not.toContain('/ObjStm');
    expect(text).not.toMatch(/\/Type\s*\/XRef/);
  });

  it('xref stream: /Type /XRef, object streams, version 1.5 or later', async () => {
    const text = latin1(await makeXrefStreamPdf());
    expect(text).toMatch(/\/Type\s*\/XRef/);
    expect(text).toContain('/ObjStm');
    expect(text).not.toMatch(/\nxref\n/);
    expect(Number(/^%PDF-(\d\.\d)/.exec(text)?.[1])).toBeGreaterThanOrEqual(1.5);
  });
});

describe('document structure', () => {
  it('rotated: /Rotate 0, 90, 270 and a MediaBox origin at (100, 200)', async () => {
    const doc = await PDFDocument.load(await makeRotatedMultiPagePdf());
    expect(doc.getPages().map((p) => p.getRotation().angle)).toEqual([0, 90, 270]);
    expect(doc.getPage(2).getMediaBox()).toEqual({ x: 100, y: 200, width: 595, height: 842 });
  });

  it('AcroForm: a text field, a checkbox, a link and a sticky note', async () => {
    const doc = await PDFDocument.load(await makeAcroFormPdf());
    const fields = doc.getForm().getFields().map((f) => `${f.constructor.name}:${f.getName()}`);
    expect(fields).toEqual(['PDFTextField:applicant.name', 'PDFCheckBox:applicant.agree']);
    const subtypes = doc.getPage(0).node.Annots()?.asArray()
      .map((ref) => doc.context.lookup(ref)?.toString().match(/\/Subtype \/(\w+)/)?.[1]);
    expect(subtypes).toEqual(['Widget', 'Widget', 'Link', 'Text']);
  });

  it('full page: the rendered page is covered everywhere', async () => {
    const png = await renderPage(save('full.pdf', await makeFullPagePdf()), 1, 36);
    expect(inkRatio(png)).toBeGreaterThan(0.99);
  });

  it('classic: the bottom-right corner of the last page has text', async () => {
    const png = await renderPage(save('classic.pdf', await makeClassicXrefPdf()), 2, 72);
    expect(inkRatio(png, { x: 360, y: 842 - 120, w: 200, h: 100 })).toBeGreaterThan(0.02);
  });
});

describe('bad inputs', () => {
  it('encrypted: qpdf needs the password, pdf-lib refuses it', async () => {
    const pdf = await makeEncryptedPdf();
    expect(latin1(pdf)).toContain('/Encrypt');
    expect(qpdfCheck('enc.pdf', pdf).exitCode).not.toBe(0);
    const withPassword = qpdfCheck('enc.pdf', pdf, ['--password=user']);
    expect(withPassword.exitCode).toBe(0);
    expect(withPassword.stdout).toMatch(/R = 6/);
    await expect(PDFDocument.load(pdf)).rejects.toThrow(/is encrypted/);
  });

  it('truncated: starts like a PDF, has no trailer, qpdf reports damage', async () => {
    const pdf = await makeTruncatedPdf();
    expect(latin1(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(latin1(pdf)).not.toContain('%%EOF');
    expect(qpdfCheck('trunc.pdf', pdf).exitCode).not.toBe(0);
  });

  it('not a PDF: PNG bytes that qpdf rejects', () => {
    const bytes = notAPdf();
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(qpdfCheck('png.pdf', bytes).exitCode).toBe(2);
  });
});

describe('already signed by pyHanko with a second PKI', () => {
  let pdfPath: string;
  let rootPem: string;
  beforeAll(async () => {
    const otherDir = join(dir, 'other-pki');
    mkdirSync(otherDir);
    const other = await makeOtherSignerPdf(otherDir);
    pdfPath = save('other-signed.pdf', other.pdf);
    rootPem = other.rootPem;
  });

  it('pdfsig: valid, root trusted, whole document signed, PAdES subfilter', () => {
    const nss = join(dir, 'nss-other');
    mkdirSync(nss);
    makeNssDb(nss, [rootPem]);
    const { signatures, raw } = runPdfsig(pdfPath, nss);
    expect(signatures, raw).toHaveLength(1);
    expect(signatures[0]).toMatchObject({
      index: 1, fieldName: 'OtherSig', signerName: 'Other Signer', signatureType: 'ETSI.CAdES.detached',
      signatureValid: true, certificateStatus: 'trusted', totalDocumentSigned: true,
    });
  });

  it('mutool: digest valid and no edits since signing', () => {
    const { signatures, raw } = runMutoolVerify(pdfPath);
    expect(signatures, raw).toHaveLength(1);
    expect(signatures[0]).toMatchObject({ ok: true, editsSinceSigning: false });
    expect(signatures[0]?.name).toContain('cn=Other Signer');
  });
});
