import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { pageInfo, pageRefs } from '../../src/core/pdf/pages.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { Corner } from '../../src/core/sign/types.js';
import { pageRectToPixels, type PdfRect } from '../helpers/page-geometry.js';
import { makeClassicXrefPdf, makeFullPagePdf, makePdfLibDoc, makeRotatedMultiPagePdf } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, type SigningKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir, runCapture } from '../helpers/tool-run.js';
import { decodeQr, inkRatio, renderPage } from '../helpers/verifiers.js';

/** The seal is checked as a reader sees it: rendered by pdftoppm, its QR code decoded from the pixels. */
const DPI = 150;
let k: SigningKit;
let dir: string;

beforeAll(async () => {
  k = await signingKit();
  dir = makeTempDir('docseal-seal-');
});
afterAll(() => removeDir(dir));

async function signAndRender(name: string, original: Buffer, page: number | undefined, corner?: Corner) {
  const placement = { ...(page ? { page } : {}), ...(corner ? { corner } : {}) };
  const r = await signPdf(signRequestFor(k, 'demo', original, `DOC-${name}`, { placement }));
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, Buffer.concat([r.original, r.update]));
  const info = pageInfo(PdfFile.open(original, DEFAULT_PDF_LIMITS), pageRefs(PdfFile.open(original, DEFAULT_PDF_LIMITS))[r.page - 1]!);
  const png = await renderPage(path, r.page, DPI);
  const crop = pageRectToPixels([...r.rect] as PdfRect, info.box, info.rotate, DPI);
  return { r, png, crop, path };
}

function pngSize(png: Buffer): { w: number; h: number } {
  return { w: png.readUInt32BE(16), h: png.readUInt32BE(20) };
}

describe('visible seal', () => {
  it('draws the seal at the bottom-right of the last page, QR decoding to the verification URL', async () => {
    const { png, crop, r } = await signAndRender('plain', await makePdfLibDoc({ pages: 2 }), undefined);
    expect(r.page).toBe(2);
    expect(inkRatio(png, crop)).toBeGreaterThan(0.05);
    expect(decodeQr(png, crop)).toBe('https://docseal.example.gov/v/DOC-plain');
    const { w, h } = pngSize(png);
    expect(crop.x + crop.w / 2).toBeGreaterThan(w / 2);
    expect(crop.y + crop.h / 2).toBeGreaterThan(h / 2);
  });

  it('writes the names and the bilingual labels, Chinese first, as extractable text', async () => {
    const { path } = await signAndRender('text', await makePdfLibDoc(), undefined);
    const text = runCapture('pdftotext', ['-enc', 'UTF-8', path, '-']).stdout.replace(/[ \t]+/g, ' ');
    expect(text).toContain('示范市民政局');
    expect(text).toContain('Demo City Civil Affairs Bureau');
    expect(text).toContain('签署 / Signed by: ');
    expect(text).toContain('时间 / Time: ');
    expect(text).toContain('编号 / ID: DOC-text');
    expect(text).toContain('原文件 SHA-256 / SHA-256 of the original:\n0123456789abcdef... (签署前 / before signing)');
  });

  it('keeps the QR code readable to zbar at 150 dpi', async () => {
    const { png } = await signAndRender('zbar', await makePdfLibDoc(), undefined);
    const pngPath = join(dir, 'zbar.png');
    writeFileSync(pngPath, png);
    const out = runCapture('zbarimg', ['--quiet', '--raw', pngPath]);
    expect(out.stdout.trim()).toBe('https://docseal.example.gov/v/DOC-zbar');
  });

  it('moves off text that occupies the corner', async () => {
    const { r, png, crop } = await signAndRender('classic', await makeClassicXrefPdf(), undefined);
    expect(r.warnings).toEqual([]);
    // The fixture's footer text lies at about x 360-555, y 30-110 on the last page.
    expect(r.rect[1]).toBeGreaterThanOrEqual(110);
    expect(decodeQr(png, crop)).toBe('https://docseal.example.gov/v/DOC-classic');
  });

  it.each([
    ['rot90', 2],
    ['rot270', 3],
  ])('places it upright at the visual bottom-right of a rotated page (%s)', async (name, page) => {
    const { png, crop } = await signAndRender(name, await makeRotatedMultiPagePdf(), page);
    const { w, h } = pngSize(png);
    expect(crop.w).toBeGreaterThan(crop.h);
    expect(crop.x + crop.w / 2).toBeGreaterThan(w / 2);
    expect(crop.y + crop.h / 2).toBeGreaterThan(h / 2);
    expect(decodeQr(png, crop)).toBe(`https://docseal.example.gov/v/DOC-${name}`);
  });

  it.each(['top-left', 'top-right', 'bottom-left'] as const)('honours the %s corner', async (corner) => {
    const { png, crop } = await signAndRender(`corner-${corner}`, await makePdfLibDoc(), 1, corner);
    const { w, h } = pngSize(png);
    expect(crop.x + crop.w / 2 > w / 2).toBe(corner.endsWith('right'));
    expect(crop.y + crop.h / 2 > h / 2).toBe(corner.startsWith('bottom'));
    expect(decodeQr(png, crop)).toBe(`https://docseal.example.gov/v/DOC-corner-${corner}`);
  });

  it('warns when the page has no free area, and places the seal anyway', async () => {
    const { r, png, crop } = await signAndRender('full', await makeFullPagePdf(), undefined);
    expect(r.warnings.map((x) => x.code)).toContain('seal_overlaps_content');
    expect(decodeQr(png, crop)).toBe('https://docseal.example.gov/v/DOC-full');
  });
});
