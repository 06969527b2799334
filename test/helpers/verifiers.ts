import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// jsqr is CommonJS: under NodeNext its typed default export is reached through `.default`.
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { parseMutoolVerifyOutput, parsePdfsigOutput } from './verifier-output.js';
import type { MutoolSignature, PdfsigSignature } from './verifier-output.js';
import { makeTempDir, removeDir, runCapture, runOrThrow, withTempDir } from './tool-run.js';

/** Independent oracles: poppler's pdfsig (NSS), MuPDF's mutool (OpenSSL), pdftoppm + jsQR. */

export type PdfsigResult = { signatures: PdfsigSignature[]; raw: string; exitCode: number | null };
export type MutoolResult = { signatures: MutoolSignature[]; raw: string; exitCode: number | null };
export type PixelRect = { x: number; y: number; w: number; h: number };

/** An NSS database in `dir` trusting each root for signing ("CT,C,C": trusted CA for all uses). */
export function makeNssDb(dir: string, rootCertPems: string[]): void {
  runOrThrow('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  rootCertPems.forEach((pem, i) => {
    const file = join(dir, `root-${i}.pem`);
    writeFileSync(file, pem);
    runOrThrow('certutil', ['-A', '-d', `sql:${dir}`, '-n', `root-${i}`, '-t', 'CT,C,C', '-a', '-i', file]);
  });
}

/** pdfsig exits 2 on a file without signatures and non-zero on some failures: output is kept anyway. */
export function runPdfsig(pdfPath: string, nssDir: string): PdfsigResult {
  const out = runCapture('pdfsig', ['-nssdir', `sql:${nssDir}`, pdfPath]);
  const raw = out.stdout + out.stderr;
  return { signatures: parsePdfsigOutput(raw), raw, exitCode: out.exitCode };
}

export type QpdfCheck = { exitCode: number | null; warnings: string[]; raw: string };

/** `qpdf --check`: exit 0 alone is not enough, qpdf repairs some damage and says so only in a WARNING line (exit 3). */
export function runQpdfCheck(pdfPath: string): QpdfCheck {
  const out = runCapture('qpdf', ['--check', pdfPath]);
  const raw = out.stdout + out.stderr;
  return { exitCode: out.exitCode, warnings: raw.split('\n').filter((l) => /warning/i.test(l)), raw };
}

/** What MuPDF says on stderr while reading every object (`mutool info`) and rewriting the file (`mutool clean`). */
export function mutoolComplaints(pdfPath: string): string {
  const dir = makeTempDir('docseal-mutool-');
  try {
    const info = runCapture('mutool', ['info', pdfPath]);
    const clean = runCapture('mutool', ['clean', pdfPath, join(dir, 'clean.pdf')]);
    return [info.exitCode === 0 ? '' : `mutool info exited ${info.exitCode}`, info.stderr, clean.exitCode === 0 ? '' : `mutool clean exited ${clean.exitCode}`, clean.stderr]
      .filter((s) => s.trim() !== '').join('\n');
  } finally {
    removeDir(dir);
  }
}

export function runMutoolVerify(pdfPath: string): MutoolResult {
  const out = runCapture('mutool', ['sign', '-v', pdfPath]);
  const raw = out.stdout + out.stderr;
  return { signatures: parseMutoolVerifyOutput(raw), raw, exitCode: out.exitCode };
}

/** Renders one page (1-based) as pdftoppm shows it: crop box, /Rotate applied. */
export function renderPage(pdfPath: string, page: number, dpi: number): Promise<Buffer> {
  return withTempDir((dir) => {
    const prefix = join(dir, 'page');
    const p = String(page);
    runOrThrow('pdftoppm', ['-png', '-r', String(dpi), '-f', p, '-l', p, '-singlefile', pdfPath, prefix]);
    return readFileSync(`${prefix}.png`);
  });
}

/** Copies a region onto a white canvas with a margin: jsQR needs the quiet zone a tight crop loses. */
function cropWithMargin(png: PNG, crop: PixelRect, margin: number): PNG {
  const out = new PNG({ width: crop.w + 2 * margin, height: crop.h + 2 * margin });
  out.data.fill(255);
  for (let y = 0; y < crop.h; y++) {
    for (let x = 0; x < crop.w; x++) {
      const sx = crop.x + x;
      const sy = crop.y + y;
      if (sx < 0 || sy < 0 || sx >= png.width || sy >= png.height) continue;
      png.data.copy(out.data, ((y + margin) * out.width + x + margin) * 4, (sy * png.width + sx) * 4,
        (sy * png.width + sx) * 4 + 4);
    }
  }
  return out;
}

function decodePng(png: PNG): string | null {
  const rgba = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQRModule.default(rgba, png.width, png.height)?.data ?? null;
}

/** Tries the crop (with a white margin) first, then the whole image. */
export function decodeQr(pngBytes: Buffer, crop?: PixelRect): string | null {
  const png = PNG.sync.read(pngBytes);
  const fromCrop = crop ? decodePng(cropWithMargin(png, crop, 16)) : null;
  return fromCrop ?? decodePng(png);
}

/** Fraction of pixels in `crop` (default: whole image) with any channel darker than `threshold`. */
export function inkRatio(pngBytes: Buffer, crop?: PixelRect, threshold = 240): number {
  const png = PNG.sync.read(pngBytes);
  const r = crop ?? { x: 0, y: 0, w: png.width, h: png.height };
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(png.width, Math.ceil(r.x + r.w));
  const y1 = Math.min(png.height, Math.ceil(r.y + r.h));
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      const d = png.data;
      if ((d[i] ?? 255) < threshold || (d[i + 1] ?? 255) < threshold || (d[i + 2] ?? 255) < threshold) ink++;
    }
  }
  const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return area === 0 ? 0 : ink / area;
}
