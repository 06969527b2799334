import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, PDFName, PDFRawStream, PDFRef, PngEmbedder } from 'pdf-lib';
import { DocsealError } from '../core/errors.js';
import { dict, name, PdfStream } from '../core/pdf/objects.js';
import { CjkFont } from '../core/seal/cjk-font.js';
import type { SealImage } from '../core/seal/seal-image.js';

/** Noto Sans SC (SIL Open Font License) as shipped by npm: TrueType outlines, CJK and Latin glyphs. */
export function defaultCjkFontPath(): string {
  return createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
}

/** Reads and parses the seal font; called once at start, the font is shared by every signature. */
export function loadCjkFont(path: string = defaultCjkFontPath()): CjkFont {
  return CjkFont.fromBytes(readFileSync(path));
}

/**
 * Decodes a department's PNG seal once at start into image XObject streams (ISO 32000-1 §8.9.5):
 * RGB samples and, when the PNG has transparency, an 8-bit /SMask (§11.6.5.3). pdf-lib decodes and
 * Flate-compresses; we copy the encoded samples into our own object model.
 */
export async function prepareSealImage(png: Buffer): Promise<SealImage> {
  let embedder: PngEmbedder;
  try {
    embedder = await PngEmbedder.for(png);
  } catch (e) {
    throw new DocsealError('config_invalid', 'The seal image is not a readable PNG.', { cause: String(e) });
  }
  const scratch = await PDFDocument.create();
  const ref = await embedder.embedIntoContext(scratch.context);
  const rgb = rawStream(scratch, ref);
  const maskRef = rgb.dict.get(PDFName.of('SMask'));
  const { width, height } = embedder;
  const image = new PdfStream(
    dict({
      Type: name('XObject'),
      Subtype: name('Image'),
      Width: width,
      Height: height,
      ColorSpace: name('DeviceRGB'),
      BitsPerComponent: 8,
      Filter: name('FlateDecode'),
    }),
    rgb.contents,
  );
  if (!(maskRef instanceof PDFRef)) return { width, height, image };
  const mask = rawStream(scratch, maskRef);
  const softMask = new PdfStream(
    dict({
      Type: name('XObject'),
      Subtype: name('Image'),
      Width: width,
      Height: height,
      ColorSpace: name('DeviceGray'),
      BitsPerComponent: 8,
      Filter: name('FlateDecode'),
    }),
    mask.contents,
  );
  return { width, height, image, softMask };
}

function rawStream(doc: PDFDocument, ref: PDFRef): PDFRawStream {
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) throw new DocsealError('internal', 'The seal image could not be prepared.');
  return stream;
}
