import type { PdfObject } from '../../pdf/objects.js';
import type { PdfFile } from '../../pdf/pdf-file.js';
import { locateContents } from '../contents-location.js';
import type { Check } from '../report.js';
import { revisionEndingAt, type Revision } from '../revisions.js';
import type { FoundSignature } from '../signature-discovery.js';

export type StructureFacts = {
  readonly checks: Check[];
  readonly byteRange?: [number, number, number, number];
  /** The DER bytes of /Contents (decoded hex), present only when the structure is sound. */
  readonly contents?: Buffer;
  /** 0-based (oldest first) revision whose end the ByteRange meets. */
  readonly coveredRevision?: number;
};

const fail = (id: Check['id'], code: string, params?: Check['params']): Check => ({ id, status: 'failed', code, ...(params ? { params } : {}) });

/**
 * ISO 32000-1 §12.8.1 and the attack list's USF/SWA/gap rows: /ByteRange is four integers starting at
 * 0, inside the file, with exactly one gap; the gap is exactly this dictionary's /Contents hex string;
 * the dictionary lies in the signed bytes; and the signed part ends exactly where a revision ends.
 */
export function checkStructure(file: PdfFile, sig: FoundSignature, revisions: readonly Revision[]): StructureFacts {
  if (sig.unreadable) return { checks: [fail('structure', 'signature_dictionary_unreadable')] };
  const br = readByteRange(sig.dict.get('ByteRange'));
  if (typeof br === 'string') return { checks: [fail('structure', br)] };
  const [a, b, c, d] = br;
  const size = file.bytes.length;
  if (a !== 0) return { checks: [fail('structure', 'byte_range_not_from_start')] };
  if (!(b > 0 && c > b && d >= 0 && c + d <= size)) return { checks: [fail('structure', 'byte_range_outside_file', { size })] };
  if (!sig.ref) return { checks: [fail('structure', 'signature_dictionary_direct')] };
  const loc = locateContents(file, sig.ref.num, sig.section);
  if (!loc.ok) return { checks: [fail('structure', loc.code)] };
  if (loc.start !== b || loc.end !== c) {
    return { checks: [fail('structure', 'byte_range_gap_mismatch', { gapStart: b, gapEnd: c, contentsStart: loc.start, contentsEnd: loc.end })] };
  }
  if (loc.objectOffset >= b) return { checks: [fail('structure', 'signature_dictionary_outside_signed_bytes')] };
  const contents = Buffer.from(loc.value.bytes);
  const coveredRevision = revisionEndingAt(revisions, c + d);
  if (coveredRevision === undefined) {
    return { checks: [fail('structure', 'byte_range_not_revision_end', { signedEnd: c + d })], byteRange: br };
  }
  // The range must end where the revision that holds this dictionary ends: not earlier (it would not
  // cover its own dictionary) and not later (then it is not the dictionary the signer wrote).
  if (coveredRevision !== revisions.findIndex((r) => r.section <= sig.section)) {
    return { checks: [fail('structure', 'byte_range_not_own_revision')], byteRange: br };
  }
  return { checks: [{ id: 'structure', status: 'passed', code: 'structure_ok' }], byteRange: br, contents, coveredRevision };
}

function readByteRange(o: PdfObject | undefined): [number, number, number, number] | string {
  if (o === undefined) return 'byte_range_missing';
  if (!Array.isArray(o)) return 'byte_range_not_array';
  if (o.length !== 4) return 'byte_range_wrong_count';
  if (!o.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) return 'byte_range_not_integers';
  if ((o as number[]).some((x) => x < 0)) return 'byte_range_negative';
  return o as [number, number, number, number];
}
