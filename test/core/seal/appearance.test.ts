import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dict, name, PdfDict, PdfRef, PdfStream, textString } from '../../../src/core/pdf/objects.js';
import { ObjectAllocator } from '../../../src/core/pdf/object-allocator.js';
import { buildSealAppearance, type PageRotation } from '../../../src/core/seal/appearance.js';
import type { CjkFont } from '../../../src/core/seal/cjk-font.js';
import type { SealImage } from '../../../src/core/seal/seal-image.js';
import type { SealContent } from '../../../src/core/sign/types.js';
import { loadCjkFont, prepareSealImage } from '../../../src/services/seal-assets.js';
import { drawSealPng } from '../../../src/core/seal/drawn-seal.js';
import { FIRST_FREE, sealTestPdf } from '../../helpers/seal-test-pdf.js';

const DPI = 150;
const SEAL_W = 250;
const SEAL_H = 100;
const PREVIEW = '/tmp/seal-preview.png';
const PREVIEW_LONG = '/tmp/seal-preview-long.png';

const baseContent: Omit<SealContent, 'image'> = {
  departmentNameZh: '示例市市场监督管理局',
  departmentNameEn: 'Demo City Administration for Market Regulation',
  signerName: '张三 (Zhang San)',
  signingTimeText: '2026-11-27 11:20:05 +08:00',
  documentId: '6650f1c2a9b3e4d5f6a7b8c9',
  hashPrefix: '0123456789abcdef',
  verifyUrl: 'https://docseal.example.org/v/6650f1c2a9b3e4d5f6a7b8c9',
};

let font: CjkFont;
let image: SealImage;
let dir: string;

beforeAll(async () => {
  font = loadCjkFont();
  image = await prepareSealImage(drawSealPng({ r: 200, g: 20, b: 20 }));
  dir = mkdtempSync(join(tmpdir(), 'docseal-seal-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rendered = { png: PNG; text: string; pdfPath: string };

/**
 * A page drawing the seal at user-space (x, y) the way a viewer draws a widget's appearance:
 * for /Rotate 90 and 270 the drawn box is SEAL_H wide and SEAL_W tall in user space.
 */
function renderSeal(content: SealContent, rotation: PageRotation, as: 'form' | 'widget' = 'form'): Rendered {
  const alloc = new ObjectAllocator(FIRST_FREE);
  const seal = buildSealAppearance({ content, font, width: SEAL_W, height: SEAL_H, rotation, alloc });
  const [w, h] = rotation % 180 === 0 ? [SEAL_W, SEAL_H] : [SEAL_H, SEAL_W];
  // ISO 32000-1 §12.5.5: the viewer maps the form's BBox, through its /Matrix, onto the widget's /Rect.
  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: textString('Seal1'),
    F: 4,
    Rect: [300, 200, 300 + w, 200 + h],
    P: new PdfRef(3, 0),
    AP: dict({ N: seal }),
  });
  const pdf = sealTestPdf({
    mediaBox: [0, 0, 595, 842],
    rotate: rotation,
    content: as === 'form' ? 'q 1 0 0 1 300 200 cm /Seal Do Q' : '',
    seal,
    objects: alloc.objects,
    pageExtras: as === 'widget' ? { Annots: [alloc.add(widget)] } : undefined,
  });
  const pdfPath = join(dir, `seal-${rotation}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(pdfPath, pdf);
  const out = pdfPath.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', pdfPath, out]);
  const png = PNG.sync.read(readFileSync(`${out}.png`));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  return { png, text, pdfPath };
}

function decodeQr(png: PNG) {
  return jsQR.default(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
}

/** Bounding box of every pixel that is not near-white, and the centre of the red (seal image) pixels. */
function inkExtent(png: PNG) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -1, -1];
  let [redX, redCount] = [0, 0];
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = 4 * (y * png.width + x);
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r > 235 && g > 235 && b > 235) continue;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      if (r > 150 && g < 90 && b < 90) [redX, redCount] = [redX + x, redCount + 1];
    }
  }
  return { width: maxX - minX + 1, height: maxY - minY + 1, minX, minY, redCentreX: redX / redCount, redCount };
}

function redPixels(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * png.width + x);
      if (png.data[i]! > 150 && png.data[i + 1]! < 90 && png.data[i + 2]! < 90) count++;
    }
  }
  return count;
}

const px = (pt: number) => (pt * DPI) / 72;
/** The seal cropped from the page at 150 dpi, for a person to look at. */
function savePreview(pdfPath: string, png: string) {
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', '-x', String(Math.round(px(290))),
    '-y', String(Math.round(px(842 - 310))), '-W', String(Math.round(px(270))), '-H', String(Math.round(px(120))),
    pdfPath, png.replace(/\.png$/, '')]);
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The seal reads upright: wide box, QR's finder patterns in reading orientation, image left of the QR. */
function expectUpright(r: Rendered, content: SealContent) {
  const qr = decodeQr(r.png);
  expect(qr?.data).toBe(content.verifyUrl);
  const loc = qr!.location;
  expect(loc.topRightCorner.x - loc.topLeftCorner.x).toBeGreaterThan(20);
  expect(loc.bottomLeftCorner.y - loc.topLeftCorner.y).toBeGreaterThan(20);
  const ink = inkExtent(r.png);
  expect(Math.abs(ink.width - px(SEAL_W))).toBeLessThan(4);
  expect(Math.abs(ink.height - px(SEAL_H))).toBeLessThan(4);
  expect(ink.redCentreX).toBeLessThan(loc.topLeftCorner.x);
  return ink;
}

function expectText(text: string, content: SealContent) {
  const flat = squash(text);
  // A wrapped Chinese name comes back with a line break inside it.
  expect(text.replace(/\s+/g, '')).toContain(content.departmentNameZh);
  expect(flat).toContain(content.departmentNameEn);
  // Chinese label first, English after it; the hash says it is the original's, before signing.
  expect(flat).toContain(`签署 / Signed by: ${content.signerName}`);
  expect(flat).toContain(`时间 / Time: ${content.signingTimeText}`);
  expect(flat).toContain(`编号 / ID: ${content.documentId}`);
  expect(flat).toContain(`原文件 SHA-256 / SHA-256 of the original: ${content.hashPrefix}... (签署前 / before signing)`);
}

describe('buildSealAppearance', () => {
  it('draws a seal whose QR decodes to the verify URL and whose text extracts (upright page)', () => {
    const content = { ...baseContent, image };
    const r = renderSeal(content, 0);
    const ink = expectUpright(r, content);
    expectText(r.text, content);
    // The seal sits where the page placed it: user (300, 200) is its lower-left corner.
    expect(Math.abs(ink.minX - px(300))).toBeLessThan(3);
    expect(Math.abs(ink.minY - px(842 - 200 - SEAL_H))).toBeLessThan(3);
    expect(ink.redCount).toBeGreaterThan(2000);
    savePreview(r.pdfPath, PREVIEW);
  });

  it.each([90, 180, 270] as const)('stays upright and readable on a page with /Rotate %i', (rotation) => {
    const content = { ...baseContent, image };
    const r = renderSeal(content, rotation);
    expectUpright(r, content);
    expectText(r.text, content);
    // Reading order: the Chinese name comes before the hash line.
    expect(r.text.indexOf(content.departmentNameZh)).toBeLessThan(r.text.indexOf('SHA-256'));
  });

  it.each([0, 90, 270] as const)('renders as a widget appearance mapped onto its /Rect on /Rotate %i', (rotation) => {
    const content = { ...baseContent, image };
    const r = renderSeal(content, rotation, 'widget');
    expectUpright(r, content);
  });

  it('draws rings instead of an image when the department has none', () => {
    const r = renderSeal(baseContent, 0);
    expect(decodeQr(r.png)?.data).toBe(baseContent.verifyUrl);
    // The rings fill the image's square at the top left, 6 to about 43 pt from the seal's left and top edges.
    const top = Math.round(px(842 - 200 - SEAL_H + 6));
    const rings = redPixels(r.png, Math.round(px(300 + 6)), top, Math.round(px(300 + 43)), Math.round(px(842 - 200 - SEAL_H + 43)));
    expect(rings).toBeGreaterThan(800);
  });

  it('shrinks or wraps long lines so every line stays inside the seal', () => {
    const content: SealContent = {
      ...baseContent,
      departmentNameZh: '中华人民共和国某某省某某市某某区市场监督管理局行政审批服务科',
      departmentNameEn: 'Administrative Approval Service Section of the Market Regulation Bureau of Somewhere District',
      signerName: 'Maximilian Alexander Featherstonehaugh-Cholmondeley',
      verifyUrl: `https://verify.docseal.example.org/v/${'a'.repeat(40)}`,
    };
    const r = renderSeal(content, 0);
    expectUpright(r, content);
    expectText(r.text, content);
    savePreview(r.pdfPath, PREVIEW_LONG);
  });

  it('embeds a subset font: FontFile2 is small and ToUnicode maps the Chinese glyphs', () => {
    const alloc = new ObjectAllocator(FIRST_FREE);
    buildSealAppearance({ content: baseContent, font, width: SEAL_W, height: SEAL_H, rotation: 0, alloc });
    const fontFile = alloc.objects.find((o) => o.value instanceof PdfStream && o.value.dict.has('Length1'));
    const length1 = (fontFile?.value as PdfStream).dict.get('Length1') as number;
    console.log(`seal font subset: ${length1} bytes, ${(fontFile?.value as PdfStream).data.length} compressed`);
    expect(length1).toBeGreaterThan(1000);
    expect(length1).toBeLessThan(60_000);
    const type0 = alloc.objects.find((o) => o.value instanceof PdfDict && o.value.get('Subtype') === name('Type0'));
    expect((type0?.value as PdfDict).get('Encoding')).toBe(name('Identity-H'));
    const toUnicode = alloc.objects.find((o) => o.ref === (type0?.value as PdfDict).get('ToUnicode'));
    const cmap = inflateSync((toUnicode?.value as PdfStream).data).toString('latin1');
    for (const ch of '示例市场监督管理局张三') {
      expect(cmap).toContain(`<${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
    }
  });

  // The figure to watch is the logged median (target well under 3 ms); the bound only catches gross
  // regressions such as parsing the font or decoding the PNG per signature (tens of milliseconds).
  it('builds an appearance in a few milliseconds once warm', () => {
    const run = (i: number) =>
      buildSealAppearance({
        content: { ...baseContent, image, documentId: `doc${i}`, hashPrefix: (i * 7919).toString(16).padStart(16, '0') },
        font,
        width: SEAL_W,
        height: SEAL_H,
        rotation: 0,
        alloc: new ObjectAllocator(FIRST_FREE),
      });
    for (let i = 0; i < 50; i++) run(i);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      run(i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`buildSealAppearance: median ${times[150]!.toFixed(3)} ms, p90 ${times[270]!.toFixed(3)} ms`);
    expect(times[150]).toBeLessThan(15);
  });
});
