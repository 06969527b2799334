import type { OriginalOf } from './report.js';

/**
 * The report's entry for a document issued from the uploaded file. The file carries no signature of
 * ours (we signed a copy of it), so all it can be told is which document that copy is, its status, and
 * where to check the copy; whether it is revoked picks the sentence.
 */
export function originalOf(document: Omit<OriginalOf, 'code'>): OriginalOf {
  return { code: document.status === 'revoked' ? 'original_of_revoked_document' : 'original_of_registered_document', ...document };
}
