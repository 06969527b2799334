import * as mupdf from 'mupdf';

export type PageImageLimits = {
  /** The longer side of the image in pixels; the page is scaled to it whatever its size in points. */
  readonly longestSidePx: number;
  /** The encoded image's cap: PNG when it fits, else JPEG at falling quality. */
  readonly maxBytes: number;
};

export type EncodedImage = { readonly bytes: Uint8Array; readonly contentType: 'image/png' | 'image/jpeg' };

/**
 * A lossless PNG keeps text and the QR code sharp and is small for a text page; a scanned or
 * photographic page is far smaller as JPEG, so those qualities are tried in turn.
 */
const JPEG_QUALITIES = [80, 60, 40] as const;

function encodeWithin(pixmap: mupdf.Pixmap, maxBytes: number): EncodedImage {
  const png = pixmap.asPNG();
  if (png.length <= maxBytes) return { bytes: png, contentType: 'image/png' };
  for (const quality of JPEG_QUALITIES) {
    const jpeg = pixmap.asJPEG(quality, false);
    if (jpeg.length <= maxBytes) return { bytes: jpeg, contentType: 'image/jpeg' };
  }
  throw new Error(`the page does not encode in ${maxBytes} bytes`);
}

/**
 * Renders one page (1-based) of a PDF as MuPDF shows it: the crop box with /Rotate applied
 * (ISO 32000-1 §7.7.3.3), annotations and form widgets included, since the seal is the appearance
 * stream of a signature widget (ISO 32000-1 §12.5.5, §12.7.4.5).
 */
export function renderPageImage(pdf: Uint8Array, pageNumber: number, limits: PageImageLimits): EncodedImage {
  const document = mupdf.Document.openDocument(pdf, 'application/pdf');
  try {
    if (document.needsPassword()) throw new Error('the document is encrypted');
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > document.countPages()) {
      throw new Error(`the document has no page ${pageNumber}`);
    }
    const page = document.loadPage(pageNumber - 1);
    const [x0, y0, x1, y1] = page.getBounds();
    const scale = limits.longestSidePx / Math.max(x1 - x0, y1 - y0, 1);
    const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
    try {
      return encodeWithin(pixmap, limits.maxBytes);
    } finally {
      pixmap.destroy();
      page.destroy();
    }
  } finally {
    document.destroy();
  }
}
