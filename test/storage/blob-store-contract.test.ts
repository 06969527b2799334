import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongo, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import { BlobNotFoundError } from '../../src/storage/blob-errors.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { FallbackBlobStore } from '../../src/storage/fallback-blob-store.js';
import { FileBlobStore } from '../../src/storage/file-blob-store.js';
import { GridFsBlobStore } from '../../src/storage/gridfs-blob-store.js';
import { HELD_BACK_BYTES } from '../../src/storage/verified-chunks.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Reads a stream to its end; `got` counts what arrived before an error. */
async function readAll(stream: NodeJS.ReadableStream, got: { bytes: number } = { bytes: 0 }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    got.bytes += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks);
}

type Subject = {
  readonly store: BlobStore;
  /** Flips one bit of the stored bytes at `offset`, behind the store's back. */
  flip(id: mongo.ObjectId, offset: number): Promise<void>;
};

async function flipInFile(path: string, offset: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0]! ^= 0x01;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

function fileSubject(store: FileBlobStore, dir: string): Subject {
  return {
    store,
    flip: async (id, offset) => {
      const hex = id.toHexString();
      const refDir = join(dir, 'refs', hex.slice(-2), hex);
      const [name] = await readdir(refDir);
      await flipInFile(join(refDir, name!), offset);
    },
  };
}

function gridFsSubject(conn: Connection): Subject {
  const chunks = () => conn.db!.collection('files.chunks');
  return {
    store: new GridFsBlobStore(conn),
    flip: async (id, offset) => {
      const file = await conn.db!.collection('files.files').findOne({ _id: id });
      const n = Math.floor(offset / file!.chunkSize);
      const chunk = await chunks().findOne({ files_id: id, n });
      const data = Buffer.from((chunk!.data as mongo.Binary).buffer);
      data[offset % file!.chunkSize]! ^= 0x01;
      await chunks().updateOne({ _id: chunk!._id }, { $set: { data: new mongo.Binary(data) } });
    },
  };
}

let conn: Connection;
let dir: string;
const subjects: Record<string, Subject> = {};

beforeAll(async () => {
  conn = await connectTestDatabase('storage_blob_contract');
  dir = await mkdtemp(join(tmpdir(), 'docseal-blobs-'));
  const files = await FileBlobStore.open(dir);
  subjects.files = fileSubject(files, dir);
  subjects.gridfs = gridFsSubject(conn);
  // What main.ts opens for `files`: reads of ids it lacks go to GridFS.
  subjects['files, falling back to GridFS'] = { ...fileSubject(files, dir), store: new FallbackBlobStore(files, new GridFsBlobStore(conn)) };
});
afterAll(async () => {
  await closeTestDatabase(conn);
  await rm(dir, { recursive: true, force: true });
});

const put = (store: BlobStore, whole: Buffer) => {
  // Written as two parts, as the signer hands over original and update.
  const cut = Math.floor(whole.length / 3);
  return store.put([whole.subarray(0, cut), whole.subarray(cut)], { filename: 'x.pdf', contentType: 'application/pdf', sha256: sha256(whole) });
};

describe.each(['files', 'gridfs', 'files, falling back to GridFS'])('BlobStore contract: %s', (name) => {
  const subject = () => subjects[name]!;

  it.each([0, 1, 255 * KIB, 255 * KIB + 1, 3 * MIB])('round-trips %i bytes', async (size) => {
    const whole = randomBytes(size);
    const id = await put(subject().store, whole);
    const back = await readAll(subject().store.open(id));
    expect(back.length).toBe(size);
    expect(back.equals(whole)).toBe(true);
  });

  it('an id never written is not found, with a typed error', async () => {
    await expect(readAll(subject().store.open(new mongo.ObjectId()))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('a deleted blob is not found, and deleting it again is not an error', async () => {
    const id = await put(subject().store, randomBytes(100));
    await subject().store.delete(id);
    await expect(subject().store.delete(id)).resolves.toBeUndefined();
    await expect(readAll(subject().store.open(id))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('a small blob with a flipped byte is refused before any of it is handed out', async () => {
    const whole = randomBytes(100 * KIB);
    const id = await put(subject().store, whole);
    await subject().flip(id, 77 * KIB);
    const got = { bytes: 0 };
    // Its length, not the bytes: a failure report should not print a buffer.
    const read = readAll(subject().store.open(id), got).then((b) => b.length);
    await expect(read).rejects.toBeInstanceOf(DocsealError);
    await expect(read).rejects.toMatchObject({ code: 'stored_file_corrupt' });
    expect(got.bytes).toBe(0);
  });

  it('a large blob with a flipped byte streams, then fails before its last MiB', async () => {
    const whole = randomBytes(3 * MIB + 5);
    const id = await put(subject().store, whole);
    await subject().flip(id, 10);
    const got = { bytes: 0 };
    await expect(readAll(subject().store.open(id), got).then((b) => b.length)).rejects.toMatchObject({ code: 'stored_file_corrupt' });
    expect(got.bytes).toBeGreaterThan(0);
    expect(got.bytes).toBeLessThanOrEqual(whole.length - HELD_BACK_BYTES);
  });
});
