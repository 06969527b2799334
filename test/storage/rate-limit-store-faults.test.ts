import { Writable } from 'node:stream';
import express from 'express';
import type { Options } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/middleware/error-handler.js';
import { perClientRateLimit } from '../../src/http/middleware/rate-limit.js';
import { requestLog } from '../../src/http/middleware/request-log.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { rateLimitHitModel } from '../../src/storage/models/rate-limit-hit.js';
import { openRateLimitStores, type MongoRateLimitStore } from '../../src/storage/rate-limit-store.js';
import { closeTestDatabase, connectSameTestDatabase, connectTestDatabase } from '../helpers/database.js';

const DB = 'review_rate_limit_faults';
const MINUTE = 60_000;
const DISTINCT = Number(process.env.REVIEW_DISTINCT ?? 300);

const quietLog = () =>
  createLogger(
    'info',
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  );

describe('the rate-limit store under a flood of distinct clients and with its database gone', () => {
  let conn: Connection;
  let now = Date.parse('2026-03-01T08:00:00.000Z');

  beforeAll(async () => {
    conn = await connectTestDatabase(DB);
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
  });

  it(`stores one document per distinct client; the cleanup empties the collection a window later (${DISTINCT} clients)`, async () => {
    const stores = await openRateLimitStores(conn, { now: () => now, onError: () => undefined });
    const store = stores('flood') as MongoRateLimitStore;
    store.init({ windowMs: MINUTE, limit: 10 } as Options);
    const model = rateLimitHitModel(conn);
    const started = performance.now();
    for (let i = 0; i < DISTINCT; i++) {
      if (i % 100 === 0) console.log(`after ${i}: ${((performance.now() - started) / Math.max(i, 1)).toFixed(1)} ms per increment`);
      await store.increment(`ip:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    }
    const msPerHit = (performance.now() - started) / DISTINCT;
    const stored = await model.countDocuments({ key: /^flood:/ }).exec();
    // Measured, not asserted beyond sanity: printed for the review report.
    console.log(`rate-limit flood: ${DISTINCT} distinct keys -> ${stored} documents, ${msPerHit.toFixed(2)} ms per increment`);
    expect(stored).toBe(DISTINCT);
    now += MINUTE + 1;
    await store.increment('ip:192.0.2.99');
    await expect.poll(() => model.countDocuments({ key: /^flood:/ }).exec(), { timeout: 10_000 }).toBe(1);
  }, 120_000);

  // The database being unreachable is no fault of the client's: 503 with Retry-After, never a 500
  // (express-rate-limit would rethrow a raw store error, which the error handler answers as `internal`).
  it('answers 503 database_unavailable with Retry-After, not 500, when the database the counters live in is gone', async () => {
    const own = await connectSameTestDatabase(DB);
    const stores = await openRateLimitStores(own, { onError: () => undefined });
    await own.close();
    const log = quietLog();
    const app = express();
    app.use(requestLog(log));
    app.get('/limited', perClientRateLimit({ perMinute: 5, store: stores('down'), log }), (_req, res) => void res.json({ ok: true }));
    app.use(errorHandler());
    const res = await request(app).get('/limited');
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 503, code: 'database_unavailable' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }, 30_000);
});
