import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys, parseRoles } from '../../src/services/api-keys.js';
import { openApiKeyRepository, type ApiKeyRepository } from '../../src/storage/api-key-repository.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';

describe('ApiKeys on the real database', () => {
  let conn: Connection;
  let repo: ApiKeyRepository;
  let now = new Date('2026-11-27T00:00:00Z');
  let keys: ApiKeys;

  beforeAll(async () => {
    conn = await connectTestDatabase('services_api_keys');
    repo = await openApiKeyRepository(conn);
    keys = new ApiKeys(repo, () => now);
  });
  afterAll(async () => closeTestDatabase(conn));

  it('creates ds_<keyId>_<secret> and stores only the hash of the secret', async () => {
    const created = await keys.create('demo', ['sign']);
    expect(created.key).toMatch(/^ds_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const stored = await conn.db!.collection('api_keys').findOne({ keyId: created.keyId });
    expect(stored).toMatchObject({ department: 'demo', roles: ['sign'], hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(20));
  });

  it('gives the service identity no key, and refuses one that was made before (it would sign as the service)', async () => {
    await expect(keys.create('service', ['sign'])).rejects.toMatchObject({ code: 'invalid_request' });
    const { key, keyId } = await keys.create('demo', ['sign', 'verify']);
    await conn.db!.collection('api_keys').updateOne({ keyId }, { $set: { department: 'service' } });
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('authenticates the key, records its use at most once a minute, refuses wrong or revoked keys', async () => {
    const { key, keyId } = await keys.create('demo-ec', ['sign', 'read']);
    await expect(keys.authenticate(key)).resolves.toEqual({ keyId, department: 'demo-ec', roles: ['sign', 'read'] });
    expect((await repo.findByKeyId(keyId))?.lastUsedAt).toEqual(now);
    const first = now;
    now = new Date(now.getTime() + 30_000);
    await keys.authenticate(key);
    expect((await repo.findByKeyId(keyId))?.lastUsedAt).toEqual(first);

    const flipped = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, key.replace('ds_', 'dx_'), '', `${key}x`]) {
      await expect(keys.authenticate(bad)).rejects.toMatchObject({ code: 'unauthorized' });
    }
    await conn.db!.collection('api_keys').updateOne({ keyId }, { $set: { revokedAt: now } });
    await expect(keys.authenticate(key)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a second record with the same keyId (unique index)', async () => {
    const record = { keyId: '0123456789abcdef', hash: '0'.repeat(64), department: 'demo', roles: ['read'], createdAt: now };
    await repo.insert(record);
    await expect(repo.insert(record)).rejects.toMatchObject({ code: 11000 });
  });

  it('parses role lists', () => {
    expect(parseRoles('sign, read,sign')).toEqual(['sign', 'read']);
    expect(() => parseRoles('admin')).toThrow(/roles/);
    expect(() => parseRoles('')).toThrow(/roles/);
  });
});
