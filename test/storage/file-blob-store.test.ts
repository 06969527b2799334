import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongo, type Connection } from 'mongoose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FallbackBlobStore } from '../../src/storage/fallback-blob-store.js';
import { FileBlobStore } from '../../src/storage/file-blob-store.js';
import { GridFsBlobStore } from '../../src/storage/gridfs-blob-store.js';
import { openBlobStore } from '../../src/storage/open-blob-store.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const meta = (b: Buffer) => ({ filename: 'x.pdf', contentType: 'application/pdf', sha256: sha256(b) });

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every path below `dir` with its mode bits and kind. */
async function tree(dir: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push({ path, mode: (await stat(path)).mode & 0o777, dir: entry.isDirectory() });
    if (entry.isDirectory()) out.push(...(await tree(path)));
  }
  return out;
}

const contentPath = (root: string, hash: string) => join(root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);

describe('FileBlobStore', () => {
  let root: string;
  let store: FileBlobStore;

  beforeEach(async () => {
    root = join(await mkdtemp(join(tmpdir(), 'docseal-file-blobs-')), 'blobs');
    store = await FileBlobStore.open(root);
  });
  afterEach(async () => rm(join(root, '..'), { recursive: true, force: true }));

  it('keeps the bytes once, under their SHA-256, in folders only the owner can enter (even with umask 0)', async () => {
    const previous = process.umask(0);
    try {
      const bytes = randomBytes(5000);
      await store.put([bytes], meta(bytes));
      const entries = await tree(root);
      expect(entries.filter((e) => !e.dir).length).toBe(2);
      for (const entry of entries) expect({ path: entry.path, mode: entry.mode }).toEqual({ path: entry.path, mode: entry.dir ? 0o700 : 0o600 });
      expect((await stat(root)).mode & 0o777).toBe(0o700);
      expect((await stat(contentPath(root, sha256(bytes)))).size).toBe(5000);
    } finally {
      process.umask(previous);
    }
  });

  it('makes a folder given by the operator private', async () => {
    const given = join(root, '..', 'given');
    await mkdir(given, { mode: 0o755 });
    await chmod(given, 0o755);
    await FileBlobStore.open(given);
    expect((await stat(given)).mode & 0o777).toBe(0o700);
  });

  it('shares the bytes of equal blobs and deletes them only with the last blob', async () => {
    const bytes = randomBytes(2000);
    const [a, b] = [await store.put([bytes], meta(bytes)), await store.put([bytes], meta(bytes))];
    expect(a.equals(b)).toBe(false);
    const content = contentPath(root, sha256(bytes));
    expect((await stat(content)).nlink).toBe(3);
    await store.delete(a);
    expect((await readAll(store.open(b))).equals(bytes)).toBe(true);
    expect((await stat(content)).nlink).toBe(2);
    await store.delete(b);
    await expect(stat(content)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await tree(root)).filter((e) => !e.dir)).toEqual([]);
  });

  it('concurrent writes of the same bytes each read back whole, sharing one copy, leaving no temporary file', async () => {
    const bytes = randomBytes(1024 * 1024 + 3);
    const ids = await Promise.all(Array.from({ length: 16 }, () => store.put([bytes.subarray(0, 7), bytes.subarray(7)], meta(bytes))));
    for (const id of ids) expect(sha256(await readAll(store.open(id)))).toBe(sha256(bytes));
    const content = contentPath(root, sha256(bytes));
    expect((await stat(content)).nlink).toBe(17);
    expect(await readdir(join(content, '..'))).toEqual([sha256(bytes)]);
  });

  it('concurrent deletes and writes of the same bytes never take bytes from a blob that is kept', async () => {
    const bytes = randomBytes(4096);
    const first = await Promise.all(Array.from({ length: 8 }, () => store.put([bytes], meta(bytes))));
    const [, second] = await Promise.all([
      Promise.all(first.map((id) => store.delete(id))),
      Promise.all(Array.from({ length: 8 }, () => store.put([bytes], meta(bytes)))),
    ]);
    for (const id of second) expect((await readAll(store.open(id))).equals(bytes)).toBe(true);
    for (const id of second) await store.delete(id);
    expect((await tree(root)).filter((e) => !e.dir)).toEqual([]);
  });

  it('a damaged copy is not shared with a new blob of the same bytes', async () => {
    const bytes = randomBytes(3000);
    const damaged = await store.put([bytes], meta(bytes));
    const content = contentPath(root, sha256(bytes));
    const flipped = Buffer.from(bytes);
    flipped[0]! ^= 0xff;
    // Rewritten in place, as bit rot would: every link to the inode sees it.
    await writeFile(content, flipped);
    const fresh = await store.put([bytes], meta(bytes));
    expect((await readAll(store.open(fresh))).equals(bytes)).toBe(true);
    await expect(readAll(store.open(damaged))).rejects.toMatchObject({ code: 'stored_file_corrupt' });
  });
});

describe('choosing and layering the blob store', () => {
  let conn: Connection;
  let root: string;

  beforeAll(async () => {
    conn = await connectTestDatabase('storage_file_blobs');
    root = await mkdtemp(join(tmpdir(), 'docseal-blob-choice-'));
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
    await rm(root, { recursive: true, force: true });
  });

  it('files for a database the service started, GridFS for MONGODB_URI, unless told otherwise', async () => {
    const dir = join(root, 'chosen');
    expect((await openBlobStore({ kind: undefined, dir, conn, embeddedDatabase: true })).kind).toBe('files');
    expect((await openBlobStore({ kind: undefined, dir, conn, embeddedDatabase: false })).kind).toBe('gridfs');
    expect((await openBlobStore({ kind: 'gridfs', dir, conn, embeddedDatabase: true })).kind).toBe('gridfs');
    const files = await openBlobStore({ kind: 'files', dir, conn, embeddedDatabase: false });
    expect(files.kind).toBe('files');
    const bytes = randomBytes(10);
    const id = await files.store.put([bytes], meta(bytes));
    expect((await stat(join(dir, 'refs', id.toHexString().slice(-2), id.toHexString(), sha256(bytes)))).isFile()).toBe(true);
  });

  it('blobs written to GridFS before the switch still read, and delete from GridFS', async () => {
    const gridfs = new GridFsBlobStore(conn);
    const layered = new FallbackBlobStore(await FileBlobStore.open(join(root, 'layered')), gridfs);
    const old = randomBytes(300_000);
    const oldId = await gridfs.put([old], meta(old));
    expect((await readAll(layered.open(oldId))).equals(old)).toBe(true);
    await layered.delete(oldId);
    expect(await conn.db!.collection('files.files').countDocuments({ _id: oldId })).toBe(0);
    const fresh = randomBytes(10);
    const freshId = await layered.put([fresh], meta(fresh));
    expect(await conn.db!.collection('files.files').countDocuments({ _id: freshId })).toBe(0);
    expect((await readAll(layered.open(freshId))).equals(fresh)).toBe(true);
    expect(mongo.ObjectId.isValid(freshId)).toBe(true);
  });
});
