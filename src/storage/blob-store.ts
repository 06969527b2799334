import type { Readable } from 'node:stream';
import type { mongo } from 'mongoose';

type ObjectId = mongo.ObjectId;

export type BlobMeta = {
  readonly filename: string;
  readonly contentType: string;
  /** Hex SHA-256 of the whole blob, kept beside it for checks outside the application. */
  readonly sha256: string;
};

/**
 * Where signed files live: files on disk (file-blob-store.ts) or GridFS (gridfs-blob-store.ts), chosen
 * in open-blob-store.ts; another store (S3) would go behind the same contract. Every read is checked
 * against the blob's SHA-256 and fails with stored_file_corrupt rather than hand out changed bytes
 * (verified-chunks.ts says how much of a stream waits for that check).
 */
export interface BlobStore {
  /** Writes `parts` one after the other as one blob (no concatenated copy) and returns its id. */
  put(parts: readonly Buffer[], meta: BlobMeta): Promise<ObjectId>;
  /** The blob's bytes; the stream errors with BlobNotFoundError when the blob does not exist. */
  open(id: ObjectId): Readable;
  /** Removes the blob; removing one that is already gone is not an error (cleanup must be repeatable). */
  delete(id: ObjectId): Promise<void>;
}
