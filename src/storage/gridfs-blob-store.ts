import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import type { BlobMeta, BlobStore } from './blob-store.js';

type ObjectId = mongo.ObjectId;

const BUCKET = 'files';

function isFileNotFound(e: unknown): boolean {
  return e instanceof Error && /file not found/i.test(e.message);
}

/** BlobStore on GridFS in the connection's database (bucket `files`: files.files and files.chunks). */
export class GridFsBlobStore implements BlobStore {
  private readonly bucket: mongo.GridFSBucket;

  constructor(conn: Connection) {
    if (!conn.db) throw new Error('GridFsBlobStore needs an open connection');
    this.bucket = new mongo.GridFSBucket(conn.db, { bucketName: BUCKET });
  }

  async put(parts: readonly Buffer[], meta: BlobMeta): Promise<ObjectId> {
    const upload = this.bucket.openUploadStream(meta.filename, {
      metadata: { contentType: meta.contentType, sha256: meta.sha256 },
    });
    try {
      await pipeline(Readable.from(parts), upload);
    } catch (e) {
      // Chunks already written would otherwise stay behind without a files document.
      await upload.abort().catch(() => undefined);
      throw e;
    }
    return upload.id;
  }

  open(id: ObjectId): Readable {
    return this.bucket.openDownloadStream(id);
  }

  async delete(id: ObjectId): Promise<void> {
    try {
      await this.bucket.delete(id);
    } catch (e) {
      if (!isFileNotFound(e)) throw e;
    }
  }
}
