import { DocsealError } from '../core/errors.js';

/** The id names no blob in the store (never written, or deleted). */
export class BlobNotFoundError extends Error {
  readonly blobId: string;

  constructor(blobId: string) {
    super(`blob ${blobId} not found`);
    this.name = 'BlobNotFoundError';
    this.blobId = blobId;
  }
}

export function isBlobNotFound(e: unknown): e is BlobNotFoundError {
  return e instanceof BlobNotFoundError;
}

/**
 * What was read does not hash to the SHA-256 the blob was stored under: the bytes changed at rest.
 * A DocsealError so that the client gets a stable code, not a bare 500; the hashes are for the log.
 */
export function blobCorrupt(blobId: string, expected: string, actual: string): DocsealError {
  return new DocsealError('stored_file_corrupt', 'the stored copy of this file failed its integrity check, so it was not sent', {
    blobId,
    expected,
    actual,
  });
}
