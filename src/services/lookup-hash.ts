import type { DocumentRepository } from '../storage/document-repository.js';
import type { DocumentRecord } from '../storage/models/document.js';

export type HashMatch = { readonly record: DocumentRecord; readonly matched: 'original' | 'signed' };
export type LookupHash = (sha256: string) => Promise<HashMatch[]>;

/** The documents whose signed output, or whose original as submitted, has this SHA-256 (lowercase hex). */
export function createLookupHash(deps: { documents: DocumentRepository }): LookupHash {
  return async (sha256) => {
    const records = await deps.documents.findByHashes([sha256]);
    return records.map((record) => ({ record, matched: record.sha256Signed === sha256 ? 'signed' : 'original' }));
  };
}
