import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// A full collection before each memory reading, so the readings show what is still referenced.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const BOUNDARY = 'docsealtestboundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

function part(name: string, value: Buffer | string, filename?: string): Buffer {
  const disposition = `form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}`;
  const type = filename ? '\r\nContent-Type: application/pdf' : '';
  return Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(value), Buffer.from('\r\n')]);
}
const closing = Buffer.from(`--${BOUNDARY}--\r\n`);

function expectError(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error: { code, message: expect.any(String) } } });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
}

describe('bad input through the real HTTP stack', () => {
  let t: TestApp;
  let small: TestApp;

  beforeAll(async () => {
    t = await startTestApp('http_bad_input');
    small = await startTestApp('http_bad_input_small', { maxUploadBytes: 1024 });
  });
  afterAll(async () => {
    await t?.close();
    await small?.close();
  });

  const post = (app: TestApp, key = app.keys.demo) => request(app.app).post('/api/v1/documents').set('Authorization', `Bearer ${key}`);

  describe('authentication', () => {
    it('401 with a Bearer challenge without a key', async () => {
      const res = await request(t.app).post('/api/v1/documents').attach('file', PNG, 'a.pdf');
      expectError(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it.each([
      ['a malformed key', 'nonsense'],
      ['an unknown key id', `ds_0000000000000000_${'A'.repeat(43)}`],
      ['another scheme', null],
    ])('401 with %s', async (_label, key) => {
      const req = request(t.app).get('/api/v1/documents/abc');
      const res = await (key === null ? req.set('Authorization', `Basic ${t.keys.demo}`) : req.set('Authorization', `Bearer ${key}`));
      expectError(res, 401, 'unauthorized');
    });

    it('401 with the right key id and a wrong secret', async () => {
      const forged = t.keys.demo.slice(0, -4) + (t.keys.demo.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expectError(await request(t.app).get('/api/v1/documents/abc').set('Authorization', `Bearer ${forged}`), 401, 'unauthorized');
    });

    it('403 when the key lacks the sign role', async () => {
      expectError(await post(t, t.readOnlyKey).attach('file', PNG, 'a.pdf'), 403, 'forbidden');
    });
  });

  describe('the upload', () => {
    it('400 missing_file without a file part, and for a body that is not multipart', async () => {
      expectError(await post(t).field('title', 'no file'), 400, 'missing_file');
      expectError(await post(t).send({ file: 'x' }), 400, 'missing_file');
    });

    it('415 not_pdf for PNG bytes and for text named .pdf', async () => {
      expectError(await post(t).attach('file', PNG, 'seal.png'), 415, 'not_pdf');
      expectError(await post(t).attach('file', Buffer.from('hello, not a PDF\n'), 'letter.pdf'), 415, 'not_pdf');
    });

    it('413 too_large over the configured limit', async () => {
      const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20)]);
      expectError(await post(small, small.keys.demo).attach('file', body, 'big.pdf'), 413, 'too_large');
    });

    it('413 too_large at once when the declared Content-Length is over the limit', async () => {
      const body = Buffer.concat([part('file', Buffer.alloc(3 * 1024 * 1024, 0x25), 'big.pdf'), closing]);
      const res = await post(small, small.keys.demo).set('Content-Type', MULTIPART).send(body);
      expectError(res, 413, 'too_large');
    });

    it.each([
      ['a truncated body', Buffer.concat([part('title', 't'), part('file', '%PDF-1.7\n').subarray(0, 60)]), MULTIPART],
      ['a body with another boundary', Buffer.concat([part('file', '%PDF-1.7', 'a.pdf'), closing]), 'multipart/form-data; boundary=other'],
      ['no boundary parameter', Buffer.concat([part('file', '%PDF-1.7', 'a.pdf'), closing]), 'multipart/form-data'],
      ['garbage', Buffer.from('\x00\x01 not multipart at all'), MULTIPART],
      ['two files', Buffer.concat([part('file', '%PDF-1.7', 'a.pdf'), part('file', '%PDF-1.7', 'b.pdf'), closing]), MULTIPART],
      ['a file in another field', Buffer.concat([part('document', '%PDF-1.7', 'a.pdf'), closing]), MULTIPART],
      ['an oversized text field', Buffer.concat([part('title', 'x'.repeat(70_000)), closing]), MULTIPART],
    ])('400 invalid_request for %s, never 500', async (_label, body, contentType) => {
      expectError(await post(t).set('Content-Type', contentType).send(body), 400, 'invalid_request');
    });

    it.each([
      ['page 0', { page: '0' }],
      ['page not a number', { page: 'last' }],
      ['an unknown position', { position: 'middle' }],
      ['an unknown seal option', { seal: 'hidden' }],
      ['an unknown field', { colour: 'red' }],
      ['an empty title', { title: ' ' }],
    ])('400 invalid_request for %s', async (_label, fields) => {
      let req = post(t);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      expectError(await req.attach('file', Buffer.from('%PDF-1.7\n'), 'a.pdf'), 400, 'invalid_request');
    });
  });

  describe('routes', () => {
    it.each(['/v/%E0%A4%A', '/v/%ZZ/file', '/d/%ZZ', '/api/v1/verify/hash/%ZZ'])('answers a malformed %%-escape in %s with 400, not 500', async (path) => {
      const res = await request(t.app).get(path);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    });

    it('answers a revoke body that does not inflate with 400, not 500', async () => {
      const res = await request(t.app)
        .post('/api/v1/documents/whatever/revoke')
        .set('Authorization', `Bearer ${t.revokeKeys.demo}`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send('not gzip at all');
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
    });

    it('404 not_found JSON for an unknown route, with security headers', async () => {
      const res = await request(t.app).get('/nope');
      expectError(res, 404, 'not_found');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('404 for an unknown document id', async () => {
      const auth = `Bearer ${t.keys.demo}`;
      expectError(await request(t.app).get('/api/v1/documents/unknownid').set('Authorization', auth), 404, 'not_found');
      expectError(await request(t.app).get('/api/v1/documents/unknownid/file').set('Authorization', auth), 404, 'not_found');
    });

    it('GET /healthz', async () => {
      const res = await request(t.app).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('logs one line per request with its id and full path, and never the API key', () => {
      expect(t.logLines).toContainEqual(
        expect.objectContaining({ msg: 'request done', path: '/api/v1/documents/unknownid/file', status: 404, requestId: expect.any(String) }),
      );
      expect(JSON.stringify(t.logLines)).not.toContain(t.keys.demo);
    });
  });

  describe('an oversized upload streamed in', () => {
    const TOTAL = 60 * 1024 * 1024;

    /** Streams a multipart body of TOTAL bytes of file, as slowly as the server reads it. */
    function streamUpload(port: number, key: string): Promise<{ res: IncomingMessage; body: string; sentWhenAnswered: number }> {
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n\r\n%PDF-1.7\n`);
      const source = Readable.from(
        (function* () {
          yield head;
          while (sent < TOTAL) {
            sent += chunk.length;
            yield chunk;
          }
          yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
        })(),
      );
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          { port, method: 'POST', path: '/api/v1/documents', headers: { 'Content-Type': MULTIPART, Authorization: `Bearer ${key}` } },
          (res) => {
            const sentWhenAnswered = sent;
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => {
              source.destroy();
              req.destroy();
              resolve({ res, body, sentWhenAnswered });
            });
          },
        );
        req.on('error', reject);
        source.pipe(req);
      });
    }

    async function uploadTo(app: TestApp) {
      const server = app.app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      collectGarbage();
      const before = process.memoryUsage().arrayBuffers;
      let outcome: Awaited<ReturnType<typeof streamUpload>>;
      try {
        outcome = await streamUpload((server.address() as AddressInfo).port, app.keys.demo);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
      // The request's sockets and streams are torn down asynchronously: let them finish before
      // measuring, so what remains is what the upload path kept, not what was still being released.
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        collectGarbage();
      }
      return { ...outcome, grewBy: process.memoryUsage().arrayBuffers - before };
    }

    it('answers 413 while the body is still arriving, holding no more than the limit (1 KiB limit)', async () => {
      const { res, body, sentWhenAnswered, grewBy } = await uploadTo(small);
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'too_large' } });
      // Answered early: most of the 60 MB had not even been produced by the client yet.
      expect(sentWhenAnswered).toBeLessThan(TOTAL / 2);
      expect(grewBy).toBeLessThan(16 * 1024 * 1024);
    });

    it('answers 413 for 60 MB with the default 50 MiB limit and keeps none of what it had buffered', async () => {
      const { res, body, grewBy } = await uploadTo(t);
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'too_large' } });
      // The 50 MiB buffered up to the limit are released when it trips (chunks dropped, not concatenated).
      expect(grewBy).toBeLessThan(8 * 1024 * 1024);
    });
  });
});
