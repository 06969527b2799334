import type { Readable } from 'node:stream';
import type { mongo } from 'mongoose';

type ObjectId = mongo.ObjectId;

export type BlobMeta = {
  readonly filename: string;
  readonly contentType: string;
  /** Hex SHA-256 of the whole blob, kept beside it for checks outside the application. */
  readonly sha256: string;
};

/** Where signed files live; GridFS by default, another store (S3, disk) behind the same contract. */
export interface BlobStore {
  /** Writes `parts` one after the other as one blob (no concatenated copy) and returns its id. */
  put(parts: readonly Buffer[], meta: BlobMeta): Promise<ObjectId>;
  /** The blob's bytes; the stream errors when the blob does not exist. */
  open(id: ObjectId): Readable;
  /** Removes the blob; removing one that is already gone is not an error (cleanup must be repeatable). */
  delete(id: ObjectId): Promise<void>;
}
