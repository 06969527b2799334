import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridFsBlobStore } from '../../src/storage/gridfs-blob-store.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

const KIB = 1024;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// GridFS on FerretDB v1 is unconfirmed upstream: these sizes sit on the
// default 255 KiB chunk boundary and well past it.
describe('GridFsBlobStore on the real database', () => {
  let conn: Connection;
  let store: GridFsBlobStore;

  beforeAll(async () => {
    conn = await connectTestDatabase('storage_gridfs');
    store = new GridFsBlobStore(conn);
  });
  afterAll(async () => closeTestDatabase(conn));

  const cases: [string, number][] = [
    ['0 B', 0],
    ['1 B', 1],
    ['255 KiB', 255 * KIB],
    ['255 KiB + 1', 255 * KIB + 1],
    ['20 MB', 20_000_000],
  ];

  it.each(cases)('round-trips %s and deletes every chunk', async (_label, size) => {
    const whole = randomBytes(size);
    // Written as two parts, as the signer hands over original and update.
    const cut = Math.floor(size / 3);
    const id = await store.put([whole.subarray(0, cut), whole.subarray(cut)], {
      filename: 'x.pdf',
      contentType: 'application/pdf',
      sha256: sha256(whole),
    });
    const back = await readAll(store.open(id));
    expect(back.length).toBe(size);
    expect(sha256(back)).toBe(sha256(whole));
    const files = await conn.db!.collection('files.files').findOne({ _id: id });
    expect(files?.length).toBe(size);
    expect(files?.metadata).toMatchObject({ contentType: 'application/pdf', sha256: sha256(whole) });

    await store.delete(id);
    expect(await conn.db!.collection('files.chunks').countDocuments({ files_id: id })).toBe(0);
    expect(await conn.db!.collection('files.files').countDocuments({ _id: id })).toBe(0);
  });

  it('deleting a blob twice is not an error, and opening it then fails', async () => {
    const id = await store.put([Buffer.from('%PDF-1.7')], { filename: 'y.pdf', contentType: 'application/pdf', sha256: '' });
    await store.delete(id);
    await expect(store.delete(id)).resolves.toBeUndefined();
    await expect(readAll(store.open(id))).rejects.toThrow(/not found/i);
  });
});
