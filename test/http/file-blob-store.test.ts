import { createHash, randomBytes } from 'node:crypto';
import { get, type Server } from 'node:http';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PDFDocument } from 'pdf-lib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELD_BACK_BYTES } from '../../src/storage/verified-chunks.js';
import { bearer, binary } from '../helpers/http-calls.js';
import { makePdfLibDoc, makePng } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A PDF over 1 MiB: one page drawing a PNG of random grey pixels, which does not compress. */
async function makeLargePdf(): Promise<Buffer> {
  const noise = randomBytes(1100 * 1000);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const image = await doc.embedPng(makePng(1100, 1000, (x, y) => noise[y * 1100 + x]!));
  doc.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 200, width: 595, height: 541 });
  return Buffer.from(await doc.save());
}

/** GET without supertest, to see what a client of a cut response receives. */
function fetchRaw(server: Server, path: string, key: string): Promise<{ status: number; length: number; received: number; complete: boolean }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: bearer(key) }, (res) => {
      let received = 0;
      const done = () => resolve({ status: res.statusCode!, length: Number(res.headers['content-length']), received, complete: res.complete });
      res.on('data', (c: Buffer) => (received += c.length));
      res.on('end', done);
      res.on('aborted', done);
      res.on('error', done);
    }).on('error', reject);
  });
}

describe('signing and downloading with the file blob store (real app, real database)', () => {
  let t: TestApp;
  let blobDir: string;

  beforeAll(async () => {
    blobDir = join(await mkdtemp(join(tmpdir(), 'docseal-http-blobs-')), 'blobs');
    t = await startTestApp('http_file_blobs', { blobDir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(join(blobDir, '..'), { recursive: true, force: true });
  });

  const sign = (pdf: Buffer) => request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf');
  const download = (id: string) => request(t.app).get(`/api/v1/documents/${id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary);

  /** The stored file of a document, found the way the store finds it: from the record's blob id. */
  async function storedPath(documentId: string): Promise<string> {
    const record = await t.services.documents.findOwned(documentId, 'demo');
    const hex = record!.fileId.toHexString();
    const refDir = join(blobDir, 'refs', hex.slice(-2), hex);
    const [name] = await readdir(refDir);
    expect(name).toBe(record!.sha256Signed);
    return join(refDir, name!);
  }

  async function flipByte(path: string, offset: number): Promise<void> {
    const handle = await open(path, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0]! ^= 0x20;
    await handle.write(byte, 0, 1, offset);
    await handle.close();
  }

  it('serves the signed file from disk, none of it in GridFS', async () => {
    const signed = await sign(await makePdfLibDoc({ pages: 2 }));
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const file = await download(signed.body.id);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(signed.body.sha256.signed);
    await storedPath(signed.body.id);
    expect(await t.conn.db!.collection('files.files').countDocuments()).toBe(0);
  });

  it('a stored file changed on disk is answered 500 stored_file_corrupt, not served', async () => {
    const signed = await sign(await makePdfLibDoc({ pages: 1 }));
    expect(signed.status).toBe(201);
    await flipByte(await storedPath(signed.body.id), 200);
    const file = await request(t.app).get(`/api/v1/documents/${signed.body.id}/file`).set(bearer(t.keys.demo));
    expect({ status: file.status, code: file.body.error?.code }).toEqual({ status: 500, code: 'stored_file_corrupt' });
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    expect(file.headers['content-disposition']).toBeUndefined();
    expect(t.logLines.some((l) => (l.err as { code?: string } | undefined)?.code === 'stored_file_corrupt')).toBe(true);
  });

  it('a large stored file changed on disk is cut short before its last MiB', async () => {
    const signed = await sign(await makeLargePdf());
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const size = (await t.services.documents.findOwned(signed.body.id, 'demo'))!.size;
    expect(size).toBeGreaterThan(HELD_BACK_BYTES + 64 * 1024);
    await flipByte(await storedPath(signed.body.id), 100);
    const server = t.app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const got = await fetchRaw(server, `/api/v1/documents/${signed.body.id}/file`, t.keys.demo);
      expect(got.status).toBe(200);
      expect(got.length).toBe(size);
      expect(got.complete).toBe(false);
      expect(got.received).toBeLessThanOrEqual(size - HELD_BACK_BYTES);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
