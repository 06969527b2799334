import { Readable } from 'node:stream';
import type { mongo } from 'mongoose';
import type { BlobMeta, BlobStore } from './blob-store.js';
import type { FileBlobStore } from './file-blob-store.js';

type ObjectId = mongo.ObjectId;

/**
 * Writes to the file store and reads from it, falling back to the store the blobs were kept in before
 * (GridFS) for ids the file store does not have, so that documents signed before the switch still
 * download. The file store answers "not here" from one directory lookup, so new blobs never wait on
 * the old store; only old ones pay its price.
 */
export class FallbackBlobStore implements BlobStore {
  constructor(
    private readonly files: FileBlobStore,
    private readonly earlier: BlobStore,
  ) {}

  put(parts: readonly Buffer[], meta: BlobMeta): Promise<ObjectId> {
    return this.files.put(parts, meta);
  }

  open(id: ObjectId): Readable {
    return Readable.from(this.read(id), { objectMode: false });
  }

  async delete(id: ObjectId): Promise<void> {
    if (!(await this.files.remove(id))) await this.earlier.delete(id);
  }

  private async *read(id: ObjectId): AsyncGenerator<Buffer> {
    const from = (await this.files.has(id)) ? this.files : this.earlier;
    for await (const chunk of from.open(id)) yield chunk as Buffer;
  }
}
