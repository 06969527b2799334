import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers/http-calls.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type AnotherInstance, type TestApp } from '../helpers/test-app.js';

const ADDRESS_LIMIT = 3;
const KEY_LIMIT = 5;

describe('rate limits shared by instances, and a department key’s own verification quota', () => {
  let t: TestApp;
  let other: AnotherInstance;
  let verifyKey: string;
  let revokedKey: string;

  const instances = (): readonly AnotherInstance['app'][] => [t.app, other.app];
  /** Without a file a call is cheap (400 missing_file once past the limiter) but counts. */
  const call = (i: number, address: string, key?: string) => {
    const r = request(instances()[i % 2]!).post('/api/v1/verify').set('X-Forwarded-For', address);
    return key === undefined ? r : r.set(bearer(key));
  };
  const statuses = async (n: number, address: string, key?: string): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call(i, address, key)).status);
    return out;
  };

  beforeAll(async () => {
    t = await startTestApp('http_rate_limits', { verifyRateLimit: ADDRESS_LIMIT, keyVerifyRateLimit: KEY_LIMIT, trustProxy: 1 });
    other = await t.anotherInstance();
    verifyKey = (await t.services.apiKeys.create('demo', ['verify'])).key;
    const revoked = await t.services.apiKeys.create('demo', ['verify']);
    await t.services.apiKeys.revoke(revoked.keyId);
    revokedKey = revoked.key;
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('two instances on one database share one per-address limit: 429 rate_limited with Retry-After and the RateLimit headers', async () => {
    const address = '198.51.100.10';
    expect(await statuses(ADDRESS_LIMIT, address)).toEqual(Array(ADDRESS_LIMIT).fill(400));
    for (const i of [0, 1]) {
      const limited = await call(i, address);
      expect({ status: limited.status, code: limited.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.headers['ratelimit']).toMatch(new RegExp(`^limit=${ADDRESS_LIMIT}, remaining=0, reset=\\d+$`));
      expect(limited.headers['ratelimit-policy']).toBe(`${ADDRESS_LIMIT};w=60`);
    }
  });

  it('counts a concurrent burst on both instances exactly', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i, '198.51.100.11')));
    expect(burst.filter((r) => r.status !== 429).map((r) => r.status)).toEqual(Array(ADDRESS_LIMIT).fill(400));
  });

  it('a department key has its own quota, not the address’s; an anonymous client behind the same address stays limited', async () => {
    const shared = '198.51.100.20';
    expect(await statuses(ADDRESS_LIMIT + 1, shared)).toEqual([...Array(ADDRESS_LIMIT).fill(400), 429]);
    const keyed = await statuses(KEY_LIMIT - 1, shared, verifyKey);
    expect(keyed).toEqual(Array(KEY_LIMIT - 1).fill(400));
    const pdf = await makePdfLibDoc({ pages: 1 });
    const verified = await call(1, shared, verifyKey).attach('file', pdf, 'in.pdf');
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.verdict).toBe('unsigned');
    expect(verified.headers['ratelimit']).toMatch(new RegExp(`^limit=${KEY_LIMIT}, remaining=0, reset=\\d+$`));
    const pastQuota = await call(0, shared, verifyKey);
    expect({ status: pastQuota.status, code: pastQuota.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(pastQuota.headers['retry-after'])).toBeGreaterThan(0);
    // The key's quota follows the key to another address; the address's limit stays spent for the public.
    expect((await call(1, '198.51.100.21', verifyKey)).status).toBe(429);
    expect((await call(1, shared)).status).toBe(429);
  });

  it('a wrong or revoked key on verify is 401, a key without the role 403, never anonymous; they count against the address', async () => {
    const address = '198.51.100.30';
    const wrong = await call(0, address, 'ds_0123456789abcdef_not-a-secret');
    expect({ status: wrong.status, code: wrong.body.error?.code }).toEqual({ status: 401, code: 'unauthorized' });
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="docseal"');
    const revoked = await call(1, address, revokedKey);
    expect({ status: revoked.status, code: revoked.body.error?.code }).toEqual({ status: 401, code: 'unauthorized' });
    const noRole = await call(0, address, t.keys.demo);
    expect({ status: noRole.status, code: noRole.body.error?.code }).toEqual({ status: 403, code: 'forbidden' });
    // Three refusals spent the address's limit: guessing keys is no cheaper than anonymous calls.
    expect((await call(1, address, revokedKey)).status).toBe(429);
    expect((await call(0, address)).status).toBe(429);
    // A valid key from that address is not held to it.
    expect((await call(1, address, (await t.services.apiKeys.create('demo', ['verify'])).key)).status).toBe(400);
  });
});
