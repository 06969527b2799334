import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlainInput, qpdfEncrypt } from '../helpers/encrypted-fixtures.js';
import { makePdfLibDoc, makeTruncatedPdf, notAPdf } from '../helpers/pdf-fixtures.js';
import { binary } from '../helpers/http-calls.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');


const VERIFY_LIMIT = 5;
let nextClient = 1;
/** A client address of its own for each call, so only the rate-limit test meets the limit. */
const freshClient = (): string => `198.51.100.${nextClient++}`;

describe('verification through the HTTP API (real app, real database, verifier workers)', () => {
  let t: TestApp;
  let original: Buffer;
  let signed: { id: string; bytes: Buffer };

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const verify = (pdf: Buffer, client = freshClient(), query = '') =>
    request(t.app).post(`/api/v1/verify${query}`).set('X-Forwarded-For', client).attach('file', pdf, 'upload.pdf');
  const revoke = (key: string, id: string, body: unknown) =>
    request(t.app).post(`/api/v1/documents/${id}/revoke`).set(auth(key)).set('X-Forwarded-For', freshClient()).send(body as object);

  beforeAll(async () => {
    t = await startTestApp('http_verify', { verifyRateLimit: VERIFY_LIMIT, trustProxy: 1 });
    original = await makePdfLibDoc({ pages: 1 });
    const res = await request(t.app).post('/api/v1/documents').set(auth(t.keys.demo)).attach('file', original, 'in.pdf').field('title', 'Licence').field('applicantRef', 'PRIVATE-REF-1');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const file = await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(auth(t.keys.demo)).buffer(true).parse(binary);
    signed = { id: res.body.id, bytes: file.body as Buffer };
  });
  afterAll(async () => t?.close());

  it('verifies a document we signed: valid, and the registry names it, its department and status', async () => {
    const res = await verify(signed.bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      verdict: 'valid',
      sha256: sha256(signed.bytes),
      size: signed.bytes.length,
      registry: [{ documentId: signed.id, department: 'demo', status: 'active', matched: 'file' }],
    });
    expect(res.body.signatures).toHaveLength(1);
    expect(res.body.signatures[0].verdict).toBe('valid');
  });

  it('says unsigned, not registered, for the unsigned original, and names the document issued from it', async () => {
    // The original as submitted is not what we issued: the registry matches signed bytes only.
    const res = await verify(original);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict: 'unsigned', registry: [], signatures: [] });
    expect(res.body.originalOf).toMatchObject([{ documentId: signed.id, title: 'Licence', department: 'demo', status: 'active' }]);
  });

  it('revokes only with the revoke role and only for the issuing department; then verification says revoked', async () => {
    const res = await request(t.app).post('/api/v1/documents').set(auth(t.keys.demo)).attach('file', original, 'in.pdf');
    const id = res.body.id as string;
    const bytes = (await request(t.app).get(`/api/v1/documents/${id}/file`).set(auth(t.keys.demo)).buffer(true).parse(binary)).body as Buffer;

    const noRole = await revoke(t.keys.demo, id, { reason: 'x' });
    expect({ status: noRole.status, code: noRole.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });
    const otherDepartment = await revoke(t.revokeKeys['demo-ec'], id, { reason: 'x' });
    expect({ status: otherDepartment.status, body: otherDepartment.body }).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'no such document' } } });
    const unknown = await revoke(t.revokeKeys.demo, 'a'.repeat(26), { reason: 'x' });
    expect(unknown.status).toBe(404);
    for (const body of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 'x', extra: 1 }]) {
      const bad = await revoke(t.revokeKeys.demo, id, body);
      expect({ status: bad.status, code: bad.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    }
    const noAuth = await request(t.app).post(`/api/v1/documents/${id}/revoke`).send({ reason: 'x' });
    expect(noAuth.status).toBe(401);
    expect((await verify(bytes)).body.verdict).toBe('valid');

    const revoked = await revoke(t.revokeKeys.demo, id, { reason: 'Issued in error' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ id, status: 'revoked', revocationReason: 'Issued in error', department: { code: 'demo' } });
    const again = await revoke(t.revokeKeys.demo, id, { reason: 'Another reason' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error', revokedAt: revoked.body.revokedAt });

    const after = await verify(bytes);
    expect(after.status).toBe(200);
    expect(after.body.verdict).toBe('revoked');
    expect(after.body.registry).toEqual([{ documentId: id, department: 'demo', status: 'revoked', revocationReason: 'Issued in error', matched: 'file' }]);
    // The signature itself is still intact: the verdict comes from the registry.
    expect(after.body.signatures[0].verdict).toBe('valid');
  });

  it('finds a countersigned document by the revision our first signature covers', async () => {
    const res = await request(t.app).post('/api/v1/documents').set(auth(t.keys['demo-ec'])).attach('file', signed.bytes, 'in.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const twice = (await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(auth(t.keys['demo-ec'])).buffer(true).parse(binary)).body as Buffer;
    const report = (await verify(twice)).body;
    expect(report.signatures).toHaveLength(2);
    expect(report.registry).toEqual(
      expect.arrayContaining([
        // Revision 0 is the plain original; revision 1 ends where the first signature's range ends.
        expect.objectContaining({ documentId: signed.id, department: 'demo', matched: 1 }),
        expect.objectContaining({ documentId: res.body.id, department: 'demo-ec', matched: 'file' }),
      ]),
    );
  });

  it('looks a hash up: known by its signed or original hash, unknown, malformed; nothing private', async () => {
    const bySigned = await request(t.app).get(`/api/v1/verify/hash/${sha256(signed.bytes).toUpperCase()}`);
    expect(bySigned.status).toBe(200);
    expect(bySigned.body).toMatchObject({ sha256: sha256(signed.bytes), known: true });
    // A countersigned copy made in another test has these bytes as its original: only ours is 'signed'.
    expect(bySigned.body.documents.filter((d: { matched: string }) => d.matched === 'signed')).toEqual([
      {
        id: signed.id,
        department: { code: 'demo', nameZh: '示范市民政局', nameEn: 'Demo City Civil Affairs Bureau' },
        title: 'Licence',
        status: 'active',
        signedAt: expect.any(String),
        matched: 'signed',
      },
    ]);
    expect(JSON.stringify(bySigned.body)).not.toContain('PRIVATE-REF-1');
    const byOriginal = await request(t.app).get(`/api/v1/verify/hash/${sha256(original)}`);
    expect(byOriginal.body.documents.map((d: { matched: string }) => d.matched)).toContain('original');
    const unknown = await request(t.app).get(`/api/v1/verify/hash/${'0'.repeat(64)}`);
    expect(unknown.body).toEqual({ sha256: '0'.repeat(64), known: false, documents: [] });
    for (const bad of ['abc', 'g'.repeat(64), '0'.repeat(65)]) {
      const res = await request(t.app).get(`/api/v1/verify/hash/${bad}`);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    }
  });

  it('answers an HTML report with Accept: text/html, under the restrictive CSP', async () => {
    const res = await verify(signed.bytes).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;form-action 'self';base-uri 'none';frame-ancestors 'none'",
    );
    expect(res.text).toContain('Valid');
    expect(res.text).toContain(sha256(signed.bytes));
    expect(res.text).toContain(`href="/v/${signed.id}"`);
  });

  it('signs and verifies an encrypted PDF that opens without a password; one that needs a password is 422 encrypted_pdf', async () => {
    const encrypted = await qpdfEncrypt(await makePlainInput(), 'aes-128');
    const res = await request(t.app).post('/api/v1/documents').set(auth(t.keys.demo)).attach('file', encrypted, 'in.pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const file = await request(t.app).get(`/api/v1/documents/${res.body.id}/file`).set(auth(t.keys.demo)).buffer(true).parse(binary);
    const report = await verify(file.body as Buffer);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ verdict: 'valid', registry: [{ documentId: res.body.id, matched: 'file' }] });
    const locked = await verify(await qpdfEncrypt(await makePlainInput(), 'aes-256', { user: 'secret' }));
    expect({ status: locked.status, code: locked.body.error?.code }).toEqual({ status: 422, code: 'encrypted_pdf' });
    expect(locked.body.error?.message).toMatch(/needs a password/);
  });

  it('limits uploads per client: past the limit 429 rate_limited with Retry-After, another client unaffected', async () => {
    const burst = '203.0.113.7';
    const statuses: number[] = [];
    // Without a file each call is cheap (400 missing_file) but still counts.
    for (let i = 0; i < VERIFY_LIMIT; i++) {
      statuses.push((await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', burst)).status);
    }
    expect(statuses).toEqual(Array(VERIFY_LIMIT).fill(400));
    const limited = await verify(signed.bytes, burst);
    expect({ status: limited.status, code: limited.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    const other = await verify(signed.bytes, '203.0.113.8');
    expect(other.status).toBe(200);
    expect(other.body.verdict).toBe('valid');
  });

  it('refuses bad input with a stable 4xx, never a 500', async () => {
    const png = await verify(notAPdf());
    expect({ status: png.status, code: png.body.error?.code }).toEqual({ status: 415, code: 'not_pdf' });
    const truncated = await verify(await makeTruncatedPdf());
    expect([200, 422]).toContain(truncated.status);
    if (truncated.status === 422) expect(truncated.body.error.code).toBe('corrupt_pdf');
    else expect(truncated.body.verdict).toBeDefined();
    const cut = await verify(signed.bytes.subarray(0, signed.bytes.length - 300));
    expect(cut.status).toBeLessThan(500);
    if (cut.status === 200) expect(cut.body.verdict).not.toBe('valid');
    const missing = await request(t.app).post('/api/v1/verify').set('X-Forwarded-For', freshClient());
    expect({ status: missing.status, code: missing.body.error?.code }).toEqual({ status: 400, code: 'missing_file' });
    const format = await verify(signed.bytes, freshClient(), '?format=xml');
    expect({ status: format.status, code: format.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
  });
});
