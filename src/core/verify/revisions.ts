import type { PdfFile } from '../pdf/pdf-file.js';

/**
 * Where each revision ends (ISO 32000-1 §7.5.6): a revision is the bytes up to the `%%EOF` that closes
 * its cross-reference section. A signature must cover exactly such a prefix, and whatever follows the
 * newest one must itself be a well-formed revision, or it is an unexplained change.
 */
export type Revision = {
  /** Index in `file.sections` (newest first). */
  readonly section: number;
  /** Offset just after `%%EOF`. */
  readonly end: number;
  /** `end` plus the end-of-line that follows, when there is one (signers differ on including it). */
  readonly endWithEol: number;
};

/** Revisions oldest first; sections that share an end (a linearized file's two) are one revision. */
export function revisionsOf(file: PdfFile): Revision[] {
  const out: Revision[] = [];
  for (let i = file.sections.length - 1; i >= 0; i--) {
    const end = eofAfter(file.bytes, file.sections[i]!.offset);
    if (end === undefined) continue;
    const prev = out[out.length - 1];
    if (prev && prev.end === end) {
      out[out.length - 1] = { ...prev, section: i };
      continue;
    }
    out.push({ section: i, end, endWithEol: skipEol(file.bytes, end) });
  }
  return out;
}

function eofAfter(bytes: Buffer, from: number): number | undefined {
  const at = bytes.indexOf('%%EOF', from, 'latin1');
  return at < 0 ? undefined : at + 5;
}

function skipEol(bytes: Buffer, at: number): number {
  if (bytes[at] === 0x0d && bytes[at + 1] === 0x0a) return at + 2;
  if (bytes[at] === 0x0a || bytes[at] === 0x0d) return at + 1;
  return at;
}

/** The revision whose end a signed length matches, with or without the trailing end-of-line. */
export function revisionEndingAt(revisions: readonly Revision[], length: number): number | undefined {
  const i = revisions.findIndex((r) => r.end === length || r.endWithEol === length);
  return i < 0 ? undefined : i;
}

/** Bytes after the newest revision other than white space (§7.5.5 allows only an EOL after %%EOF). */
export function hasTrailingBytes(file: PdfFile, revisions: readonly Revision[]): boolean {
  const last = revisions[revisions.length - 1];
  if (!last) return true;
  for (let i = last.end; i < file.bytes.length; i++) {
    const c = file.bytes[i]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x00) return true;
  }
  return false;
}
