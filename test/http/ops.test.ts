import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeServices } from '../../src/compose-services.js';
import { loadTrustMaterial } from '../../src/keys/trust-store.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { connectTestDatabase } from '../helpers/database.js';
import { bearer, binary, secretOf } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** A pino destination that keeps every line it is given, as the raw text pino wrote. */
function captureLines(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { stream, lines };
}

describe('operational safety (real app, real database)', () => {
  let t: TestApp;
  let pdf: Buffer;

  beforeAll(async () => {
    t = await startTestApp('http_ops');
    pdf = await makePdfLibDoc({ pages: 1 });
  });
  afterAll(async () => t?.close());

  it('/healthz answers 200 for the process; /readyz 200 when database, keys and verifier are ready', async () => {
    const health = await request(t.app).get('/healthz');
    expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await request(t.app).get('/readyz');
    expect({ status: ready.status, body: ready.body }).toEqual({ status: 200, body: { ok: true } });
  });

  it('reports the database not ready once its connection is gone', async () => {
    const conn = await connectTestDatabase('http_ops_down');
    const trust = await loadTrustMaterial(t.certsDir, []);
    const services = await composeServices({ conn, departments: t.departments, trust, publicBaseUrl: 'https://x.test', timeZone: 'UTC' });
    try {
      expect(await services.readiness()).toEqual({ database: true, keys: true, verifier: true });
      await conn.dropDatabase();
      await conn.close();
      expect(await services.readiness()).toEqual({ database: false, keys: true, verifier: true });
    } finally {
      await services.close();
    }
    expect((await services.readiness()).verifier).toBe(false);
  });

  it('sends the security headers and the restrictive CSP on every kind of response', async () => {
    const signed = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf');
    const responses = [
      signed,
      await request(t.app).get('/healthz'),
      await request(t.app).get('/readyz'),
      await request(t.app).get('/nope'),
      await request(t.app).get('/api/v1/audit'),
      await request(t.app).get(`/v/${signed.body.id}`),
      await request(t.app).get(`/api/v1/documents/${signed.body.id}/file`).set(bearer(t.keys.demo)).buffer(true).parse(binary),
      await request(t.app).get(`/d/${String(signed.body.applicantUrl).split('/d/')[1]}`).buffer(true).parse(binary),
    ];
    for (const res of responses) {
      const where = `${res.status} ${res.headers['content-type']}`;
      expect(res.headers['content-security-policy'], where).toContain("default-src 'none'");
      expect(res.headers['content-security-policy'], where).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], where).toBe('nosniff');
      expect(res.headers['x-frame-options'], where).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], where).toBeDefined();
      expect(res.headers['x-powered-by'], where).toBeUndefined();
      expect(res.headers['x-request-id'], where).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('logs JSON lines with the request id, and never an API key, applicant token or passphrase', async () => {
    const wrongSecret = `${t.keys.demo.slice(0, 20)}${'x'.repeat(43)}`;
    const signed = await request(t.app).post('/api/v1/documents').set(bearer(t.keys.demo)).attach('file', pdf, 'in.pdf');
    const token = String(signed.body.applicantUrl).split('/d/')[1]!;
    const download = await request(t.app).get(`/d/${token}`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    await request(t.app).get('/api/v1/audit').set(bearer(wrongSecret));
    await request(t.app).get('/api/v1/audit').set('Authorization', t.keys['demo-ec']);
    await request(t.app).post('/api/v1/verify').set(bearer(t.readOnlyKey)).attach('file', pdf, 'in.pdf');

    const text = JSON.stringify(t.logLines);
    for (const secret of [t.keys.demo, secretOf(t.keys.demo), t.keys['demo-ec'], t.readOnlyKey, wrongSecret, token, 'test passphrase']) {
      expect(text).not.toContain(secret);
    }
    expect(t.logLines).toContainEqual(
      expect.objectContaining({ msg: 'request done', path: '/d/[token]', status: 200, requestId: download.headers['x-request-id'] }),
    );
    expect(t.logLines).toContainEqual(expect.objectContaining({ msg: 'document signed', documentId: signed.body.id, requestId: signed.headers['x-request-id'] }));
  });

  it('blanks credentials, passphrases and document bytes in whatever object is logged (pino destination stream)', () => {
    const { stream, lines } = captureLines();
    const log = createLogger('info', stream);
    const secret = 'ds_0123456789abcdef_SECRETSECRETSECRETSECRETSECRETSECRETSECRE';
    log.info(
      {
        authorization: `Bearer ${secret}`,
        req: { headers: { authorization: `Bearer ${secret}` } },
        apiKey: secret,
        passphrase: 'hunter2-passphrase',
        department: { keyPassphrase: 'hunter3-passphrase' },
        file: { buffer: Buffer.from('%PDF-1.7 secret contents') },
        original: Buffer.from('%PDF-1.7 secret contents'),
      },
      'a careless log call',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(JSON.parse(line)).toMatchObject({ msg: 'a careless log call', service: 'docseal', apiKey: '[redacted]', passphrase: '[redacted]' });
    for (const leaked of ['SECRETSECRET', 'hunter2', 'hunter3', 'secret contents', Buffer.from('%PDF-1.7 secret contents').toString('base64')]) {
      expect(line).not.toContain(leaked);
    }
  });

  it('blanks those keys in any letter case and at any depth, arrays included', () => {
    const { stream, lines } = captureLines();
    const log = createLogger('info', stream);
    const secret = 'SECRETSECRETSECRET';
    log.info(
      {
        Authorization: `Bearer ${secret}`,
        headers: { AUTHORIZATION: secret, Cookie: secret, 'X-Api-Key': secret },
        API_KEY: secret,
        nested: { deeper: [{ Passphrase: secret, Token: secret, kept: 'visible' }] },
        Buffer: Buffer.from(secret),
      },
      'spelled differently',
    );
    const line = lines[0]!;
    for (const leaked of [secret, Buffer.from(secret).toString('base64')]) expect(line).not.toContain(leaked);
    expect(JSON.parse(line)).toMatchObject({ API_KEY: '[redacted]', nested: { deeper: [{ Passphrase: '[redacted]', kept: 'visible' }] } });
  });

  it('/readyz answers 503 naming the verifier once the worker pool is stopped', async () => {
    await t.services.close();
    const res = await request(t.app).get('/readyz');
    expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: { ok: false, checks: { database: true, keys: true, verifier: false } } });
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });
});
