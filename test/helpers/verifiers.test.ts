import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { pageRectToPixels, type PdfRect } from './page-geometry.js';
import { makeOtherSignerPdf } from './pdf-fixtures.js';
import { makeTempDir, removeDir } from './tool-run.js';
import { parseMutoolVerifyOutput, parsePdfsigOutput } from './verifier-output.js';
import { decodeQr, inkRatio, makeNssDb, renderPage, runMutoolVerify, runPdfsig } from './verifiers.js';

let dir: string;
beforeAll(() => { dir = makeTempDir(); });
afterAll(() => removeDir(dir));

function save(name: string, pdf: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
}

/** Recorded with poppler 22.12 pdfsig on a file signed twice, the first signature since extended. */
const PDFSIG_SAMPLE = `Digital Signature Info of: signed2.pdf
Signature #1:
  - Signature Field Name: OtherSig
  - Signer Certificate Common Name: Other Signer
  - Signed Ranges: [0 - 3647], [10669 - 11205]
  - Not total document signed
  - Signature Validation: Signature is Valid.
  - Certificate Validation: Certificate is Trusted.
Signature #2:
  - Signature Field Name: Second
  - Signature Type: ETSI.CAdES.detached
  - Total document signed
  - Signature Validation: Digest Mismatch.
`;

/** Recorded with MuPDF 1.21 `mutool sign -v`. */
const MUTOOL_SAMPLE = `Verifying signature 9:
\tDistinguished name: cn=Other Signer, o=Other PKI, ou=, email=, c=
\tCertificate error: Self-signed certificate in chain.
\tThe signature is valid but there have been edits since signing.
Verifying signature 14:
\tDistinguished name: cn=Other Signer, o=Other PKI, ou=, email=, c=
\tCertificate error: Self-signed certificate in chain.
\tDigest error: Signature invalidated by change to document.
`;

describe('output parsers on recorded samples', () => {
  it('pdfsig', () => {
    const [first, second] = parsePdfsigOutput(PDFSIG_SAMPLE);
    expect(first).toMatchObject({
      index: 1, fieldName: 'OtherSig', signedRanges: [[0, 3647], [10669, 11205]],
      totalDocumentSigned: false, signatureValid: true, certificateStatus: 'trusted',
    });
    expect(second).toMatchObject({
      index: 2, totalDocumentSigned: true, signatureValid: false, rawValidation: 'Digest Mismatch.',
      certificateStatus: 'absent',
    });
  });

  it('mutool', () => {
    const [first, second] = parseMutoolVerifyOutput(MUTOOL_SAMPLE);
    expect(first).toMatchObject({ objectNumber: 9, ok: true, editsSinceSigning: true, certificateTrusted: false });
    expect(second).toMatchObject({
      objectNumber: 14, ok: false, digestMessage: expect.stringMatching(/^Digest error/),
    });
  });
});

describe('the oracles can fail', () => {
  let signed: Buffer;
  let rootPem: string;
  beforeAll(async () => {
    mkdirSync(join(dir, 'pki'));
    ({ pdf: signed, rootPem } = await makeOtherSignerPdf(join(dir, 'pki')));
  });

  it('an untrusted root is reported by pdfsig', () => {
    const nss = join(dir, 'nss-empty');
    mkdirSync(nss);
    makeNssDb(nss, []);
    const [sig] = runPdfsig(save('signed.pdf', signed), nss).signatures;
    expect(sig).toMatchObject({ signatureValid: true, certificateStatus: 'untrusted_issuer' });
  });

  it('a changed signed byte breaks the signature for both tools', () => {
    const nss = join(dir, 'nss-trusting');
    mkdirSync(nss);
    makeNssDb(nss, [rootPem]);
    const tampered = Buffer.from(signed);
    // Byte 10 is in the binary comment after the header (ISO 32000-1 §7.5.2): covered, but inert.
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    const path = save('tampered.pdf', tampered);
    expect(runPdfsig(path, nss).signatures[0]).toMatchObject({ signatureValid: false });
    expect(runMutoolVerify(path).signatures[0]).toMatchObject({ ok: false });
  });

  it('bytes appended after the signature: not the total document', () => {
    const nss = join(dir, 'nss-appended');
    mkdirSync(nss);
    makeNssDb(nss, [rootPem]);
    const path = save('appended.pdf', Buffer.concat([signed, Buffer.from('\n% appended\n')]));
    expect(runPdfsig(path, nss).signatures[0]).toMatchObject({ signatureValid: true, totalDocumentSigned: false });
    expect(runMutoolVerify(path).signatures[0]).toMatchObject({ ok: true, editsSinceSigning: true });
  });

  it('an unsigned file has no signatures (pdfsig exits 2)', () => {
    const path = save('unsigned.pdf', readFileSync(join(dir, 'pki', 'other-unsigned.pdf')));
    const result = runPdfsig(path, join(dir, 'nss-trusting'));
    expect(result.signatures).toEqual([]);
    expect(result.exitCode).toBe(2);
    expect(runMutoolVerify(path).signatures).toEqual([]);
  });
});

describe('rendering, QR and geometry', () => {
  it('decodes a QR code drawn into a PDF and rendered by pdftoppm', async () => {
    const url = 'https://docseal.example/v/6f1c2a9e-0b7d-4c55-9d2e-1f3a8b7c6d5e';
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    const qr = await doc.embedPng(await QRCode.toBuffer(url, { margin: 0, scale: 4 }));
    const rect: PdfRect = [430, 40, 530, 140];
    page.drawImage(qr, { x: rect[0], y: rect[1], width: 100, height: 100 });
    const png = await renderPage(save('qr.pdf', await doc.save()), 1, 150);
    const crop = pageRectToPixels(rect, [0, 0, 595.28, 841.89], 0, 150);
    expect(decodeQr(png, crop)).toBe(url);
    expect(decodeQr(png)).toBe(url);
    expect(inkRatio(png, crop)).toBeGreaterThan(0.3);
    expect(inkRatio(png, { x: 0, y: 0, w: 400, h: 400 })).toBe(0);
  });

  it.each([0, 90, 180, 270])('maps a user-space rectangle to pixels on a page with /Rotate %i', async (rotate) => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.setMediaBox(100, 200, 595, 842);
    page.node.set(PDFName.of('Rotate'), doc.context.obj(rotate));
    const rect: PdfRect = [150, 250, 250, 300];
    page.drawRectangle({ x: 150, y: 250, width: 100, height: 50, color: rgb(0, 0, 0) });
    const png = await renderPage(save(`rot${rotate}.pdf`, await doc.save()), 1, 72);
    const px = pageRectToPixels(rect, [100, 200, 695, 1042], rotate, 72);
    expect(px.w * px.h).toBeCloseTo(5000, 0);
    expect(inkRatio(png, { x: px.x + 2, y: px.y + 2, w: px.w - 4, h: px.h - 4 })).toBeGreaterThan(0.99);
    expect(inkRatio(png) * 595 * 842).toBeLessThan(5000 * 1.1);
  });
});
