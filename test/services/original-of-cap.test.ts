import { createHash } from 'node:crypto';
import { mongo } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentModel } from '../../src/storage/models/document.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('the registry lookup’s cap of 100 records is applied before the retention filter', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('review_original_of_cap');
  });
  afterAll(async () => {
    await t?.close();
  });

  // FAILS today: findByHashes sorts oldest first, takes 100, then drops expired records. 100 records
  // past retention that the cleanup has not deleted yet (or simply 100 older documents signed from the
  // same original) hide a live document signed from it: the report names none.
  it('names a live document issued from the upload even when 100 older, expired ones share its original', async () => {
    const original = await makePdfLibDoc({ pages: 1 });
    const hash = sha256(original);
    const model = documentModel(t.conn);
    const base = Date.parse('2020-01-01T00:00:00Z');
    const record = (i: number, expired: boolean) => ({
      _id: `review${String(i).padStart(3, '0')}`.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!).padEnd(26, 'q'),
      department: 'demo',
      title: expired ? 'expired' : 'live',
      sha256Original: hash,
      sha256Signed: sha256(Buffer.from(`signed ${i}`)),
      fileId: new mongo.ObjectId(),
      size: 1,
      status: 'active',
      createdAt: new Date(base + i * 1000),
      signedAt: new Date(base + i * 1000),
      fieldName: 'Signature1',
      page: 1,
      warnings: [],
      ...(expired ? { expiresAt: new Date(base + 86_400_000) } : {}),
    });
    await model.insertMany(Array.from({ length: 100 }, (_, i) => record(i, true)));
    await model.create(record(100, false));
    const res = await request(t.app).post('/api/v1/verify').attach('file', original, 'original.pdf');
    expect(res.status).toBe(200);
    expect(res.body.originalOf.map((o: { title: string }) => o.title)).toEqual(['live']);
  }, 60_000);
});
