/**
 * Bounds on everything a parser of untrusted PDFs may spend. The shells pass them in;
 * the defaults fit documents a government office handles, with wide margins.
 */
export type PdfLimits = {
  /** Nesting of arrays and dictionaries (the attack list names depths over 500). */
  readonly maxDepth: number;
  /** Cross-reference entries the whole revision chain may declare. */
  readonly maxXrefEntries: number;
  /** Revisions followed through /Prev. */
  readonly maxRevisions: number;
  /** Bytes one stream may inflate to. */
  readonly maxDecodedStreamBytes: number;
  /**
   * Bytes all the streams one job (a verification, a signing) decodes may add up to, every re-decode
   * included. Decoded Buffers live outside the V8 heap, so a worker's heap cap does not bound them.
   */
  readonly maxDecodedBytes: number;
  /** Pages walked in the page tree. */
  readonly maxPages: number;
  /** Indirect references followed while resolving one value. */
  readonly maxResolveChain: number;
};

export const DEFAULT_PDF_LIMITS: PdfLimits = Object.freeze({
  maxDepth: 100,
  maxXrefEntries: 2_000_000,
  maxRevisions: 1_000,
  maxDecodedStreamBytes: 64 * 1024 * 1024,
  maxDecodedBytes: 256 * 1024 * 1024,
  maxPages: 100_000,
  maxResolveChain: 32,
});
