import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, readdir, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { mongo } from 'mongoose';
import { blobCorrupt, BlobNotFoundError } from './blob-errors.js';
import type { BlobMeta, BlobStore } from './blob-store.js';
import { fsyncDir, makePrivateDirs, writeTempFile } from './durable-files.js';
import { ensurePrivateDir } from './private-dir.js';
import { SHA256_HEX, verifiedChunks } from './verified-chunks.js';

type ObjectId = mongo.ObjectId;

const READ_CHUNK_BYTES = 256 * 1024;

function hasCode(e: unknown, code: string): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === code;
}

async function hashOfFile(path: string): Promise<string | undefined> {
  const digest = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  } catch (e) {
    if (hasCode(e, 'ENOENT')) return undefined;
    throw e;
  }
  return digest.digest('hex');
}

async function* chunksOf(handle: FileHandle): AsyncGenerator<Buffer> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * BlobStore in a private folder, content-addressed: the bytes live once under their SHA-256,
 * `sha256/ab/cd/<sha256>`, and each blob id is a hard link to them, `refs/<last 2 hex of id>/<id>/<sha256>`.
 * A read opens one path found from the id alone, so it costs the same however much is stored.
 *
 * The file system's link count is the reference count: deleting a blob unlinks its ref, and the
 * content name goes too once no ref is left (link count 1). The check and the unlink are two steps;
 * a write that links the same content between them keeps its bytes through its own link, and only
 * the sharing of those bytes with later writes is lost. A ref never loses its bytes.
 */
export class FileBlobStore implements BlobStore {
  private constructor(private readonly root: string) {}

  /** Creates the folder (0700; files are 0600) when it is missing. */
  static async open(root: string): Promise<FileBlobStore> {
    await ensurePrivateDir(root);
    await makePrivateDirs(join(root, 'sha256'));
    await makePrivateDirs(join(root, 'refs'));
    return new FileBlobStore(root);
  }

  /** The content is written and fsync'd under a temporary name, then linked: a name never shows part of a file. */
  async put(parts: readonly Buffer[], _meta: BlobMeta): Promise<ObjectId> {
    const digest = createHash('sha256');
    for (const part of parts) digest.update(part);
    const hash = digest.digest('hex');
    const id = new mongo.ObjectId();
    const contentDir = dirname(this.contentPath(hash));
    await makePrivateDirs(contentDir);
    const temp = await writeTempFile(contentDir, parts);
    try {
      await this.linkRef(id.toHexString(), hash, temp);
    } finally {
      await rm(temp, { force: true });
    }
    await fsyncDir(contentDir);
    return id;
  }

  open(id: ObjectId): Readable {
    return Readable.from(this.read(id.toHexString()), { objectMode: false });
  }

  async delete(id: ObjectId): Promise<void> {
    await this.remove(id);
  }

  /** Whether the id has a ref here (for a store that falls back to another for older ids). */
  async has(id: ObjectId): Promise<boolean> {
    return (await this.refHash(id.toHexString())) !== undefined;
  }

  /** Deletes the blob; false when it was not here. */
  async remove(id: ObjectId): Promise<boolean> {
    const hexId = id.toHexString();
    const refDir = this.refDir(hexId);
    const hash = await this.refHash(hexId);
    if (hash === undefined) return false;
    await rm(join(refDir, hash), { force: true });
    await rmdir(refDir).catch((e: unknown) => {
      if (!hasCode(e, 'ENOENT')) throw e;
    });
    await fsyncDir(dirname(refDir));
    await this.collect(hash);
    return true;
  }

  private contentPath(hash: string): string {
    return join(this.root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  /** The id's last hex digits are its counter's low byte: they spread ids evenly over 256 folders. */
  private refDir(hexId: string): string {
    return join(this.root, 'refs', hexId.slice(-2), hexId);
  }

  /** The SHA-256 the id's ref is named by; undefined when the id has none. */
  private async refHash(hexId: string): Promise<string | undefined> {
    let names: string[];
    try {
      names = await readdir(this.refDir(hexId));
    } catch (e) {
      if (hasCode(e, 'ENOENT')) return undefined;
      throw e;
    }
    const hashes = names.filter((name) => SHA256_HEX.test(name));
    if (hashes.length > 1) throw blobCorrupt(hexId, 'one content name', hashes.join(','));
    return hashes[0];
  }

  private async linkRef(hexId: string, hash: string, temp: string): Promise<void> {
    const refDir = this.refDir(hexId);
    await makePrivateDirs(refDir);
    const ref = join(refDir, hash);
    const source = await this.sharedCopy(hash, temp);
    try {
      await link(source, ref);
    } catch (e) {
      // The shared copy was collected after we found it: the blob keeps the copy just written.
      if (source === temp || !hasCode(e, 'ENOENT')) throw e;
      await link(temp, ref);
    }
    await fsyncDir(refDir);
  }

  /**
   * The path to link a new ref to: the content name when it holds these bytes (ours, if nothing was
   * there). A content name is only ever made by linking a complete, fsync'd file, so two writers of
   * the same bytes see either nothing or all of them. A damaged copy is replaced by ours for later
   * writers; refs already linked to it keep it, and their reads fail as they should.
   */
  private async sharedCopy(hash: string, temp: string): Promise<string> {
    const content = this.contentPath(hash);
    if (await linkUnlessExists(temp, content)) return content;
    if ((await hashOfFile(content)) === hash) return content;
    await rm(content, { force: true });
    await linkUnlessExists(temp, content);
    return temp;
  }

  /** Removes the content name once no ref links to it. */
  private async collect(hash: string): Promise<void> {
    const content = this.contentPath(hash);
    try {
      if ((await stat(content)).nlink > 1) return;
      await rm(content, { force: true });
      await fsyncDir(dirname(content));
    } catch (e) {
      if (!hasCode(e, 'ENOENT')) throw e;
    }
  }

  private async *read(hexId: string): AsyncGenerator<Buffer> {
    const hash = await this.refHash(hexId);
    if (hash === undefined) throw new BlobNotFoundError(hexId);
    let handle: FileHandle;
    try {
      handle = await open(join(this.refDir(hexId), hash), 'r');
    } catch (e) {
      if (hasCode(e, 'ENOENT')) throw new BlobNotFoundError(hexId);
      throw e;
    }
    try {
      yield* verifiedChunks(chunksOf(handle), hexId, () => hash);
    } finally {
      await handle.close();
    }
  }
}

/** link(2), true when it made the name, false when the name exists already. */
async function linkUnlessExists(existing: string, name: string): Promise<boolean> {
  try {
    await link(existing, name);
    return true;
  } catch (e) {
    if (hasCode(e, 'EEXIST')) return false;
    throw e;
  }
}
