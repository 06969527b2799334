/**
 * A department's seal image, prepared once at start as an image XObject ready to be written:
 * the encoded stream bytes and dictionary entries, plus an optional soft mask for PNG alpha.
 * Preparing it once keeps PNG decoding and Flate compression off the signing path.
 */
export type PreparedImageStream = {
  /** Dictionary entries other than /Length and /SMask, as PDF source text (e.g. "/Type /XObject /Subtype /Image ..."). */
  readonly dictEntries: string;
  /** The encoded stream data. */
  readonly data: Buffer;
};

export type SealImage = {
  readonly width: number;
  readonly height: number;
  readonly image: PreparedImageStream;
  readonly softMask?: PreparedImageStream;
};
