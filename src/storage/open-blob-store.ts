import type { Connection } from 'mongoose';
import type { BlobStore } from './blob-store.js';
import { FallbackBlobStore } from './fallback-blob-store.js';
import { FileBlobStore } from './file-blob-store.js';
import { GridFsBlobStore } from './gridfs-blob-store.js';

export type BlobStoreKind = 'files' | 'gridfs';

/**
 * The store for signed files. Unset, it follows the database: files on disk when the service started
 * the database itself (FerretDB v1 on SQLite answers every GridFS chunk query with a scan of all
 * chunks, so a read there grows with everything stored), GridFS when MONGODB_URI names a server,
 * whose index on files_id makes GridFS reads cheap and whose replication keeps the files with the
 * records. The file store falls back to GridFS for blobs written before it was chosen.
 */
export async function openBlobStore(opts: {
  readonly kind: BlobStoreKind | undefined;
  readonly dir: string;
  readonly conn: Connection;
  /** Whether this process started the database (MONGODB_URI unset). */
  readonly embeddedDatabase: boolean;
}): Promise<{ store: BlobStore; kind: BlobStoreKind }> {
  const kind = opts.kind ?? (opts.embeddedDatabase ? 'files' : 'gridfs');
  const gridfs = new GridFsBlobStore(opts.conn);
  if (kind === 'gridfs') return { store: gridfs, kind };
  return { store: new FallbackBlobStore(await FileBlobStore.open(opts.dir), gridfs), kind };
}
