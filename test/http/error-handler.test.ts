import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DocsealError } from '../../src/core/errors.js';
import { errorHandler, notFoundHandler } from '../../src/http/middleware/error-handler.js';
import { requestLog } from '../../src/http/middleware/request-log.js';
import { createLogger } from '../../src/logging/create-logger.js';

function appWith(route: express.RequestHandler) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      cb();
    },
  });
  const app = express();
  app.use(requestLog(createLogger('info', sink)));
  app.post('/json', express.json(), route);
  app.get('/x', route);
  app.use(notFoundHandler());
  app.use(errorHandler());
  return { app, lines };
}

describe('errorHandler', () => {
  it('answers an unexpected error with a generic 500 and logs it under the request id', async () => {
    const { app, lines } = appWith(() => {
      throw new Error('secret detail at /srv/keys/demo.key');
    });
    const res = await request(app).get('/x').set('Authorization', 'Bearer ds_sensitive');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal');
    expect(JSON.stringify(res.body)).not.toMatch(/secret|\/srv|at /);
    const logged = lines.find((l) => l.msg === 'request failed');
    expect(logged).toMatchObject({ requestId: res.headers['x-request-id'], err: { message: 'secret detail at /srv/keys/demo.key' } });
    expect(JSON.stringify(lines)).not.toContain('ds_sensitive');
  });

  it('answers a DocsealError with its status, code and message', async () => {
    const { app } = appWith(async () => {
      throw new DocsealError('encrypted_pdf', 'the PDF is encrypted');
    });
    const res = await request(app).get('/x');
    expect({ status: res.status, body: res.body }).toEqual({ status: 422, body: { error: { code: 'encrypted_pdf', message: 'the PDF is encrypted' } } });
  });

  it('answers busy with 503 and the Retry-After its details name', async () => {
    const { app } = appWith(async () => {
      throw new DocsealError('busy', 'the verifier is busy', { retryAfterSeconds: 5 });
    });
    const res = await request(app).get('/x');
    expect({ status: res.status, retryAfter: res.headers['retry-after'], code: res.body.error?.code }).toEqual({ status: 503, retryAfter: '5', code: 'busy' });
  });

  it('translates a JSON syntax error from body-parser into 400 invalid_request', async () => {
    const { app } = appWith((_req, res) => void res.json({}));
    const res = await request(app).post('/json').set('Content-Type', 'application/json').send('{"a":');
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('answers an unknown route 404 not_found', async () => {
    const { app } = appWith((_req, res) => void res.json({}));
    const res = await request(app).delete('/x');
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'not_found' });
  });
});
