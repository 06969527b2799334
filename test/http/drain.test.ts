import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Drain, drainGuard } from '../../src/http/middleware/drain.js';
import { errorHandler } from '../../src/http/middleware/error-handler.js';
import { requestLog } from '../../src/http/middleware/request-log.js';
import { createLogger } from '../../src/logging/create-logger.js';

const quiet = new Writable({ write: (_c, _e, cb) => cb() });

function appWith(drain: Drain) {
  const app = express();
  app.use(requestLog(createLogger('info', quiet)));
  app.use(drainGuard(drain));
  app.get('/readyz', (_req, res) => void res.status(drain.draining ? 503 : 200).json({ ok: !drain.draining }));
  app.get('/work', (_req, res) => void res.json({ done: true }));
  app.use(errorHandler());
  return app;
}

describe('the drain guard', () => {
  it('lets everything through until the shutdown starts', async () => {
    const app = appWith(new Drain());
    const res = await request(app).get('/work').set('Connection', 'keep-alive');
    expect({ status: res.status, connection: res.headers.connection }).toEqual({ status: 200, connection: 'keep-alive' });
  });

  it('then refuses new work with 503 busy and Retry-After, lets the probes answer, and closes every connection', async () => {
    const drain = new Drain();
    const app = appWith(drain);
    drain.start();
    const work = await request(app).get('/work').set('Connection', 'keep-alive');
    expect({ status: work.status, code: work.body.error?.code, retryAfter: work.headers['retry-after'], connection: work.headers.connection })
      .toEqual({ status: 503, code: 'busy', retryAfter: '1', connection: 'close' });
    const probe = await request(app).get('/readyz').set('Connection', 'keep-alive');
    expect({ status: probe.status, connection: probe.headers.connection }).toEqual({ status: 503, connection: 'close' });
  });
});
