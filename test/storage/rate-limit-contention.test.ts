import type { Options } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRateLimitStores, type MongoRateLimitStore } from '../../src/storage/rate-limit-store.js';
import { closeTestDatabase, connectSameTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const DB = 'review_rate_limit_contention';
const CONCURRENT = Number(process.env.REVIEW_CONCURRENT ?? 60);

describe('one key hit by many requests at once, far below its limit', () => {
  let connA: Connection;
  let connB: Connection;
  beforeAll(async () => {
    connA = await connectTestDatabase(DB);
    connB = await connectSameTestDatabase(DB);
  });
  afterAll(async () => {
    await connB.close();
    await closeTestDatabase(connA);
  });

  // A department verifying a batch with one key sends its uploads in parallel; each is far within its
  // quota (1000 a minute). Every hit must count, none may be refused as `busy`.
  it(`counts ${CONCURRENT} concurrent hits on two instances without refusing any`, async () => {
    const make = async (conn: Connection) => {
      const s = (await openRateLimitStores(conn, { onError: () => undefined }))('batch') as MongoRateLimitStore;
      s.init({ windowMs: 60_000, limit: 1000 } as Options);
      return s;
    };
    const [a, b] = [await make(connA), await make(connB)];
    const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, (_, i) => (i % 2 ? a : b).increment('key:0123456789abcdef')));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason?.code));
    console.log(`contention: ${CONCURRENT} concurrent hits, ${refused.length} refused (${[...new Set(refused)].join(',')})`);
    expect(refused).toEqual([]);
  }, 120_000);
});

describe('the per-address limit without trust proxy, and odd Authorization headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('review_rate_limit_headers', { verifyRateLimit: 2, keyVerifyRateLimit: 5, trustProxy: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('X-Forwarded-For is ignored without trust proxy; empty, Basic and lower-case Authorization count against the address', async () => {
    const statuses: number[] = [];
    const calls = [
      (r: request.Test) => r.set('X-Forwarded-For', '192.0.2.1'),
      (r: request.Test) => r.set('X-Forwarded-For', '192.0.2.2').set('Authorization', ''),
      (r: request.Test) => r.set('X-Forwarded-For', '192.0.2.3').set('Authorization', 'Basic Zm9vOmJhcg=='),
      (r: request.Test) => r.set('X-Forwarded-For', '192.0.2.4').set('Authorization', 'bearer ds_0123456789abcdef_x'),
      (r: request.Test) => r.set('X-Real-IP', '192.0.2.5').set('Forwarded', 'for=192.0.2.5'),
    ];
    for (const c of calls) statuses.push((await c(request(t.app).post('/api/v1/verify'))).status);
    expect(statuses).toEqual([400, 401, 429, 429, 429]);
  });
});
