import type { PdfLimits } from '../limits.js';

/** What a verification takes: the file, the trust material, the caller's clock and the limits. */
export type VerifyInput = {
  readonly bytes: Buffer;
  /** DER certificates of the trust anchors. */
  readonly anchors: readonly Buffer[];
  /** DER CRLs we hold. */
  readonly crls?: readonly Buffer[];
  /** The caller's clock (the core never reads it). */
  readonly now: Date;
  readonly limits?: PdfLimits;
};
