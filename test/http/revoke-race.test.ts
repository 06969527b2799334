import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Concurrent revocations (FerretDB v1's findOneAndUpdate is read-then-write): the
 * first one wins by a unique key, every caller sees its reason, and exactly one revoke is audited.
 */
describe('concurrent revocations of one document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('http_revoke_race');
  });
  afterAll(async () => t?.close());

  it('keep one reason and one audit event', async () => {
    const signed = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', await makePdfLibDoc(), 'in.pdf');
    expect(signed.status).toBe(201);
    const id = String(signed.body.id);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(t.app).post(`/api/v1/documents/${id}/revoke`).set(bearer(t.revokeKeys.demo)).send({ reason: `reason-${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const reasons = new Set(answers.map((a) => `${a.body.revocationReason}@${a.body.revokedAt}`));
    expect(reasons.size).toBe(1);
    const stored = await t.conn.collection('documents').findOne({ _id: id as never });
    expect(`${stored?.revocationReason}@${(stored?.revokedAt as Date).toISOString()}`).toBe([...reasons][0]);
    expect(await t.conn.collection('audit_events').countDocuments({ type: 'revoke', documentId: id })).toBe(1);
  });
});
