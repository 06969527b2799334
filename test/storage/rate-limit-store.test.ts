import type { Options } from 'express-rate-limit';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRateLimitStores, type MongoRateLimitStore, type RateLimitStoreFactory } from '../../src/storage/rate-limit-store.js';
import { closeTestDatabase, connectSameTestDatabase, connectTestDatabase } from '../helpers/database.js';

const DB = 'storage_rate_limit_store';
const MINUTE = 60_000;
const START = Date.parse('2026-03-01T08:00:05.000Z');

describe('MongoRateLimitStore (counters in the database, fixed windows)', () => {
  let connA: Connection;
  let connB: Connection;
  let now = START;
  let storesA: RateLimitStoreFactory;
  let storesB: RateLimitStoreFactory;
  const errors: unknown[] = [];

  const store = (factory: RateLimitStoreFactory, name: string, limit: number): MongoRateLimitStore => {
    const s = factory(name) as MongoRateLimitStore;
    s.init({ windowMs: MINUTE, limit } as Options);
    return s;
  };

  beforeAll(async () => {
    connA = await connectTestDatabase(DB);
    connB = await connectSameTestDatabase(DB);
    storesA = await openRateLimitStores(connA, { now: () => now, onError: (e) => errors.push(e) });
    storesB = await openRateLimitStores(connB, { now: () => now, onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await connB.close();
    await closeTestDatabase(connA);
  });

  it('counts a burst on two connections exactly: the first `limit` hits get 1..limit, the rest are past it, nothing is lost', async () => {
    // FerretDB v1 loses concurrent $inc updates; a counter built on them lets more than the limit through.
    const a = store(storesA, 'burst', 10);
    const b = store(storesB, 'burst', 10);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('ip:192.0.2.1')));
    const allowed = results.map((r) => r.totalHits).filter((hits) => hits <= 10);
    expect(allowed.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(results.map((r) => r.resetTime?.getTime()))).toEqual(new Set([now + MINUTE]));
    // Past the limit nothing is written: the counters stay bounded under a flood.
    expect(await connA.collection('rate_limit_hits').countDocuments({ key: 'burst:ip:192.0.2.1' })).toBe(10);
    expect((await a.get('ip:192.0.2.1'))?.totalHits).toBe(10);
  });

  it('keeps each limiter and each key apart', async () => {
    const one = store(storesA, 'one', 3);
    const two = store(storesB, 'two', 3);
    await one.increment('k');
    await one.increment('k');
    expect((await two.increment('k')).totalHits).toBe(1);
    expect((await one.increment('other')).totalHits).toBe(1);
    expect((await one.increment('k')).totalHits).toBe(3);
  });

  it('starts a key’s window at its first hit; after it a new one opens, and the cleanup deletes ended windows', async () => {
    const s = store(storesA, 'window', 2);
    const first = now;
    expect((await s.increment('k')).resetTime).toEqual(new Date(first + MINUTE));
    now = first + 30_000;
    expect(await s.increment('k')).toEqual({ totalHits: 2, resetTime: new Date(first + MINUTE) });
    expect((await s.increment('k')).totalHits).toBe(3);
    // Another key's window starts at its own first hit.
    expect((await s.increment('late')).resetTime).toEqual(new Date(first + 30_000 + MINUTE));
    now = first + MINUTE;
    expect(await s.increment('k')).toEqual({ totalHits: 1, resetTime: new Date(first + 2 * MINUTE) });
    expect((await s.increment('late')).totalHits).toBe(2);
    now = first + 2 * MINUTE + 30_000;
    await s.increment('fresh');
    // The cleanup runs in the background of a count, at most once a window per store.
    await expect.poll(() => connA.collection('rate_limit_hits').countDocuments({ key: { $in: ['window:k', 'window:late'] } })).toBe(0);
    expect(await connA.collection('rate_limit_hits').countDocuments({ key: 'window:fresh' })).toBe(1);
    expect(errors).toEqual([]);
  });

  it('decrement gives back the last hit and resetKey forgets the key', async () => {
    const s = store(storesB, 'reset', 5);
    await s.increment('k');
    await s.increment('k');
    await s.decrement('k');
    expect((await s.increment('k')).totalHits).toBe(2);
    await s.resetKey('k');
    expect(await s.get('k')).toBeUndefined();
    expect((await s.increment('k')).totalHits).toBe(1);
  });
});
