import type { PdfStream } from '../pdf/objects.js';

/**
 * A department's seal image, prepared once at start as image XObject streams ready to be written
 * (encoded data and dictionary, /Length is added by the writer). Preparing it once keeps PNG decoding
 * and Flate compression off the signing path.
 */
export type SealImage = {
  /** Pixel size, used for the aspect ratio. */
  readonly width: number;
  readonly height: number;
  /** The image XObject; when `softMask` is set the writer links it through /SMask. */
  readonly image: PdfStream;
  readonly softMask?: PdfStream;
};
