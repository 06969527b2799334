import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import type { PdfDict, PdfObject } from '../../src/core/pdf/objects.js';
import { PdfFile } from '../../src/core/pdf/pdf-file.js';
import { certified } from '../helpers/certified-pdf.js';
import { makeEncryptedPdf, makePdfLibDoc, makeTruncatedPdf } from '../helpers/pdf-fixtures.js';
import { binary } from '../helpers/http-calls.js';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../helpers/test-app.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');


describe('signing through the HTTP API (real app, real database)', () => {
  let t: TestApp;
  let original: Buffer;

  beforeAll(async () => {
    t = await startTestApp('http_documents');
    original = await makePdfLibDoc({ pages: 2 });
  });
  afterAll(async () => t?.close());

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const sign = (key: string, pdf: Buffer) => request(t.app).post('/api/v1/documents').set(auth(key)).attach('file', pdf, 'in.pdf');

  it('signs, records, serves the record and the file to the owner only', async () => {
    const res = await sign(t.keys.demo, original)
      .field('title', 'Marriage certificate')
      .field('applicantRef', 'A-2026-0042')
      .field('reason', 'Issued')
      .field('location', 'Demo City')
      .field('position', 'top-left');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = res.body;
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[a-z2-7]{26}$/),
      department: { code: 'demo', nameZh: '示范市民政局', nameEn: 'Demo City Civil Affairs Bureau' },
      title: 'Marriage certificate',
      applicantRef: 'A-2026-0042',
      sha256: { original: sha256(original), signed: expect.stringMatching(/^[0-9a-f]{64}$/) },
      warnings: expect.any(Array),
    });
    expect(body.verifyUrl).toBe(`${TEST_BASE_URL}/v/${body.id}`);
    expect(body.downloadUrl).toBe(`${TEST_BASE_URL}/api/v1/documents/${body.id}/file`);
    expect(Date.parse(body.createdAt)).not.toBeNaN();

    const record = await request(t.app).get(`/api/v1/documents/${body.id}`).set(auth(t.keys.demo));
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ id: body.id, status: 'active', sha256: body.sha256, reason: 'Issued', location: 'Demo City' });

    const file = await request(t.app).get(`/api/v1/documents/${body.id}/file`).set(auth(t.readOnlyKey)).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${body.id}.pdf"`);
    expect(file.headers.etag).toBe(`"${body.sha256.signed}"`);
    const signed = file.body as Buffer;
    expect(sha256(signed)).toBe(body.sha256.signed);
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
    expect(signed.length).toBeGreaterThan(original.length);

    const notModified = await request(t.app).get(`/api/v1/documents/${body.id}/file`).set(auth(t.keys.demo)).set('If-None-Match', file.headers.etag!);
    expect(notModified.status).toBe(304);

    for (const path of [`/api/v1/documents/${body.id}`, `/api/v1/documents/${body.id}/file`]) {
      const other = await request(t.app).get(path).set(auth(t.keys['demo-ec']));
      expect({ status: other.status, body: other.body }).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'no such document' } } });
    }
  });

  it('signs with the ECDSA department', async () => {
    const res = await sign(t.keys['demo-ec'], original);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.department.code).toBe('demo-ec');
  });

  it('stores the record only with its file: the blob id in the record opens the signed bytes', async () => {
    const res = await sign(t.keys.demo, original);
    expect(res.status).toBe(201);
    const record = await t.services.documents.findOwned(res.body.id, 'demo');
    expect(record?.sha256Signed).toBe(res.body.sha256.signed);
    const chunks: Buffer[] = [];
    for await (const c of t.services.blobs.open(record!.fileId)) chunks.push(c as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(res.body.sha256.signed);
  });

  it('422 encrypted_pdf for an encrypted PDF and 422 corrupt_pdf for a truncated one, storing nothing', async () => {
    const before = await t.conn.db!.collection('documents').countDocuments();
    const encrypted = await sign(t.keys.demo, await makeEncryptedPdf());
    expect({ status: encrypted.status, code: encrypted.body.error?.code }).toEqual({ status: 422, code: 'encrypted_pdf' });
    const corrupt = await sign(t.keys.demo, await makeTruncatedPdf());
    expect({ status: corrupt.status, code: corrupt.body.error?.code }).toEqual({ status: 422, code: 'corrupt_pdf' });
    expect(await t.conn.db!.collection('documents').countDocuments()).toBe(before);
  });

  it('puts the seal on the requested page, and refuses a page the document does not have', async () => {
    const res = await sign(t.keys.demo, original).field('page', '1');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const record = await request(t.app).get(`/api/v1/documents/${res.body.id}`).set(auth(t.keys.demo));
    expect(record.body.page).toBe(1);
    const beyond = await sign(t.keys.demo, original).field('page', '3');
    expect({ status: beyond.status, code: beyond.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('signs invisibly with seal=none: the new widget has a zero /Rect and no appearance', async () => {
    const res = await sign(t.keys.demo, original).field('seal', 'none');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const file = await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(auth(t.keys.demo)).buffer(true).parse(binary);
    const signed = PdfFile.open(file.body as Buffer, DEFAULT_PDF_LIMITS);
    const fields = signed.get(signed.getDict(signed.catalog(), 'AcroForm')!, 'Fields') as PdfObject[];
    const widget = signed.resolve(fields[fields.length - 1]) as PdfDict;
    expect(signed.get(widget, 'Rect')).toEqual([0, 0, 0, 0]);
    expect(widget.has('AP')).toBe(false);
  });

  it('422 unsupported_pdf for a certification whose DocMDP level is not 1, 2 or 3', async () => {
    const res = await sign(t.keys.demo, certified({ params: '/P 7' }));
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'unsupported_pdf' });
    expect(res.body.error.message).toMatch(/DocMDP permission other than 1, 2 or 3/);
  });
});
