import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

export type BenchCase = {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  readonly bytes: number;
  /**
   * Untimed runs first. V8 needs about 20 signatures before the JavaScript of a small signature is
   * optimised (docseal and @libpdf/core alike); on 50 MB the time is native hashing and copying.
   */
  readonly warmUps: number;
  readonly runs: number;
};

const MIB = 1024 * 1024;

const LOREM =
  'This page is part of a docseal benchmark input. It carries ordinary text so the page has content ' +
  'the seal placement must avoid, as a scanned or typed certificate would.';

function addTextPage(doc: PDFDocument, font: PDFFont, index: number): PDFPage {
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(`Benchmark page ${index + 1}`, { x: 56, y: 780, size: 18, font });
  for (let line = 0; line < 30; line++) {
    page.drawText(`${line + 1}. ${LOREM.slice(0, 80)}`, { x: 56, y: 740 - line * 20, size: 10, font });
  }
  return page;
}

async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) addTextPage(doc, font, i);
  return doc.save();
}

/**
 * Random samples as uncompressed DeviceRGB images (ISO 32000-1 §8.9.5): a valid image of noise that no
 * filter can shrink, so the file really is as large as requested and every byte must be hashed.
 */
async function largePdf(targetBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const images = 4;
  const width = 2048;
  const height = Math.floor(targetBytes / images / (width * 3));
  for (let i = 0; i < images; i++) {
    const page = addTextPage(doc, font, i);
    const imageRef = doc.context.register(
      doc.context.stream(randomBytes(width * height * 3), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
      }),
    );
    const imageName = page.node.newXObject('Noise', imageRef);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(300, 0, 0, 300, 56, 80),
      drawObject(imageName),
      popGraphicsState(),
    );
  }
  return doc.save();
}

/** Writes the three benchmark inputs into `dir`: 1 page, 100 pages, and about 50 MB. */
export async function generateInputs(dir: string): Promise<BenchCase[]> {
  const specs = [
    { id: '1p', label: '1 page', warmUps: 20, runs: 15, make: () => textPdf(1) },
    { id: '100p', label: '100 pages', warmUps: 20, runs: 15, make: () => textPdf(100) },
    // Just under the service's default upload limit of 50 MiB, the largest file it accepts.
    { id: '50mb', label: '~50 MB', warmUps: 2, runs: 5, make: () => largePdf(50 * MIB - 64 * 1024) },
  ];
  const cases: BenchCase[] = [];
  for (const spec of specs) {
    const bytes = await spec.make();
    const file = join(dir, `input-${spec.id}.pdf`);
    await writeFile(file, bytes);
    const { id, label, warmUps, runs } = spec;
    cases.push({ id, label, file, bytes: bytes.length, warmUps, runs });
  }
  return cases;
}
