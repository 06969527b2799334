import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import { BlobNotFoundError } from './blob-errors.js';
import type { BlobMeta, BlobStore } from './blob-store.js';
import { SHA256_HEX, verifiedChunks } from './verified-chunks.js';

type ObjectId = mongo.ObjectId;

const BUCKET = 'files';

function isFileNotFound(e: unknown): boolean {
  return e instanceof Error && /file not found/i.test(e.message);
}

/** The driver's download stream fails with code ENOENT when no files document has the id. */
function isDownloadNotFound(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === 'ENOENT';
}

/**
 * BlobStore on GridFS in the connection's database (bucket `files`: files.files and files.chunks).
 * Reads are checked against the SHA-256 kept in the files document's metadata.
 */
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
    return Readable.from(this.read(id), { objectMode: false });
  }

  private async *read(id: ObjectId): AsyncGenerator<Buffer> {
    const download = this.bucket.openDownloadStream(id);
    let expected: string | undefined;
    // Emitted with the files document, before the first chunk.
    download.once('file', (file: mongo.GridFSFile) => {
      const sha256: unknown = file.metadata?.['sha256'];
      expected = typeof sha256 === 'string' && SHA256_HEX.test(sha256) ? sha256 : undefined;
    });
    try {
      yield* verifiedChunks(download, id.toHexString(), () => expected);
    } catch (e) {
      if (isDownloadNotFound(e)) throw new BlobNotFoundError(id.toHexString());
      throw e;
    }
  }

  async delete(id: ObjectId): Promise<void> {
    try {
      await this.bucket.delete(id);
    } catch (e) {
      if (!isFileNotFound(e)) throw e;
    }
  }
}
