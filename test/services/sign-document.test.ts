import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { loadDepartmentIdentities } from '../../src/keys/department-keys.js';
import { loadCjkFont } from '../../src/services/seal-assets.js';
import { createSignDocument } from '../../src/services/sign-document.js';
import { prepareSigningDepartments, type SigningDepartment } from '../../src/services/signing-department.js';
import { openDocumentRepository, type DocumentRepository } from '../../src/storage/document-repository.js';
import { GridFsBlobStore } from '../../src/storage/gridfs-blob-store.js';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { numberValue, type PdfDict, type PdfObject, type PdfRef } from '../../src/core/pdf/objects.js';
import { locatePage, pageInfo } from '../../src/core/pdf/pages.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

describe('createSignDocument', () => {
  let conn: Connection;
  let certsDir: string;
  let departments: ReadonlyMap<string, SigningDepartment>;
  let documents: DocumentRepository;
  let pdf: Buffer;
  const at = new Date('2026-11-27T03:20:05Z');

  beforeAll(async () => {
    conn = await connectTestDatabase('services_sign_document');
    certsDir = await mkdtemp(join(tmpdir(), 'docseal-sign-doc-'));
    await generateDevPki({ certsDir, passphrase: 'pw', now: at });
    departments = await prepareSigningDepartments(await loadDepartmentIdentities(certsDir, 'pw'), loadCjkFont());
    documents = await openDocumentRepository(conn);
    pdf = await makePdfLibDoc();
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
    await rm(certsDir, { recursive: true, force: true });
  });

  const hashOf = (b: Buffer) => createHash('sha256').update(b);
  const build = (newId: () => string) =>
    createSignDocument({
      departments, documents, blobs: new GridFsBlobStore(conn), publicBaseUrl: 'https://x.test', timeZone: 'Asia/Shanghai', clock: () => at, newId,
    });

  it('records the signing time, hashes and the id it drew before signing', async () => {
    const record = await build(() => 'aaaaaaaaaaaaaaaaaaaaaaaaaa')({ department: 'demo', original: pdf, originalHash: hashOf(pdf), title: 'T' });
    expect(record).toMatchObject({
      _id: 'aaaaaaaaaaaaaaaaaaaaaaaaaa', department: 'demo', title: 'T', status: 'active', signedAt: at,
      sha256Original: hashOf(pdf).digest('hex'),
    });
    // The id is inside the signed bytes (seal text and QR URL), so it was known before signing.
    const files = await conn.db!.collection('files.files').findOne({ _id: record.fileId });
    expect(files?.length).toBe(record.size);
  });

  it('removes the stored file when the record cannot be written', async () => {
    const blobsBefore = await conn.db!.collection('files.files').countDocuments();
    const chunksBefore = await conn.db!.collection('files.chunks').countDocuments();
    // The same id again: the insert fails on the primary key after the blob was written.
    const again = build(() => 'aaaaaaaaaaaaaaaaaaaaaaaaaa')({ department: 'demo', original: pdf, originalHash: hashOf(pdf) });
    await expect(again).rejects.toMatchObject({ code: 11000 });
    expect(await conn.db!.collection('files.files').countDocuments()).toBe(blobsBefore);
    expect(await conn.db!.collection('files.chunks').countDocuments()).toBe(chunksBefore);
  });

  it('refuses a department without a loaded key', async () => {
    await expect(build(() => 'b'.repeat(26))({ department: 'nope', original: pdf, originalHash: hashOf(pdf) })).rejects.toMatchObject({
      code: 'key_unavailable',
    });
  });

  it("places the seal at the department's stamp position when the request names no corner", async () => {
    const demo = departments.get('demo')!;
    const topLeft = new Map([['demo', { ...demo, stampPosition: 'top-left' as const }]]);
    const sign = createSignDocument({
      departments: topLeft, documents, blobs: new GridFsBlobStore(conn), publicBaseUrl: 'https://x.test', timeZone: 'Asia/Shanghai', clock: () => at, newId: () => 'c'.repeat(26),
    });
    const record = await sign({ department: 'demo', original: pdf, originalHash: hashOf(pdf) });
    const chunks: Buffer[] = [];
    for await (const c of new GridFsBlobStore(conn).open(record.fileId)) chunks.push(c as Buffer);
    const file = PdfFile.open(Buffer.concat(chunks), DEFAULT_PDF_LIMITS);
    const annots = file.get(pageInfo(file, locatePage(file, 'last').ref).dict, 'Annots') as PdfRef[];
    const rect = ((file.resolve(annots[annots.length - 1]) as PdfDict).get('Rect') as PdfObject[]).map((x) => numberValue(x)!);
    const [, , w, h] = pageInfo(file, locatePage(file, 'last').ref).box;
    expect(rect[0]!).toBeLessThan(w / 2);
    expect(rect[1]!).toBeGreaterThan(h / 2);
  });
});

