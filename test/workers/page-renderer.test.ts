import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { PREVIEW_RENDERER_OPTIONS, WorkerPageRenderer, type WorkerPageRendererOptions } from '../../src/workers/page-renderer.js';
import { makePdfLibDoc, makePng } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor } from '../helpers/signing-setup.js';
import { decodeQr, inkRatio } from '../helpers/verifiers.js';

const renderers: WorkerPageRenderer[] = [];
let signed: Buffer;
let sealPage: number;

function renderer(overrides: Partial<WorkerPageRendererOptions> = {}): WorkerPageRenderer {
  const r = new WorkerPageRenderer({ ...PREVIEW_RENDERER_OPTIONS, ...overrides });
  renderers.push(r);
  return r;
}

/** A page that is one grey photograph, as a scanner makes it: noise defeats PNG's deflate, not JPEG. */
async function makeScannedPagePdf(): Promise<Buffer> {
  let seed = 7;
  const noise = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const scan = makePng(600, 850, (x, y) => Math.round(120 + 60 * Math.sin(x / 40) * Math.cos(y / 55) + noise() * 32));
  page.drawImage(await doc.embedPng(scan), { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}

beforeAll(async () => {
  const k = await signingKit();
  const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc({ pages: 2 }), 'DOC-render'));
  signed = Buffer.concat([r.original, r.update]);
  sealPage = r.page;
});
afterAll(async () => {
  await Promise.all(renderers.map((r) => r.close()));
});

describe('WorkerPageRenderer (MuPDF in a worker thread)', () => {
  it('renders the seal page as a PNG 1100 px on its longer side, the seal and its QR code legible', async () => {
    const image = await renderer().render(signed, sealPage);
    expect(image.contentType).toBe('image/png');
    expect(image.bytes.length).toBeLessThanOrEqual(PREVIEW_RENDERER_OPTIONS.maxBytes);
    const png = PNG.sync.read(image.bytes);
    expect(Math.max(png.width, png.height)).toBe(1100);
    expect(png.height).toBeGreaterThan(png.width);
    // The seal sits at the bottom-right of the last page: ink there, its QR code naming this document.
    const corner = { x: png.width / 2, y: (png.height * 3) / 4, w: png.width / 2, h: png.height / 4 };
    expect(inkRatio(image.bytes, corner)).toBeGreaterThan(0.02);
    expect(decodeQr(image.bytes, corner)).toBe('https://docseal.example.gov/v/DOC-render');
  });

  it('falls back to JPEG, under the same cap, for a scanned page whose PNG is too large', async () => {
    const image = await renderer().render(await makeScannedPagePdf(), 1);
    expect(image.contentType).toBe('image/jpeg');
    expect(image.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect(image.bytes.length).toBeLessThanOrEqual(PREVIEW_RENDERER_OPTIONS.maxBytes);
  });

  it('refuses a page the file does not have, and bytes that are not a PDF', async () => {
    const r = renderer();
    await expect(r.render(signed, 3)).rejects.toMatchObject({ code: 'unsupported_pdf' });
    await expect(r.render(Buffer.from('not a pdf at all'), 1)).rejects.toMatchObject({ code: 'unsupported_pdf' });
  });

  it('stops a page that overruns its time, and keeps serving', async () => {
    const r = renderer({ timeoutMs: 1 });
    await expect(r.render(signed, sealPage)).rejects.toMatchObject({ code: 'limit_exceeded' });
    const image = await renderer().render(signed, sealPage);
    expect(image.contentType).toBe('image/png');
  });

  it('renders one page at a time and refuses more waiting pages than its queue holds', async () => {
    const r = renderer({ concurrency: 1, maxQueue: 1 });
    const first = r.render(signed, sealPage);
    const second = r.render(signed, sealPage);
    await expect(r.render(signed, sealPage)).rejects.toMatchObject({ code: 'rate_limited' });
    const images = await Promise.all([first, second]);
    expect(images.map((i) => i.contentType)).toEqual(['image/png', 'image/png']);
  });
});
