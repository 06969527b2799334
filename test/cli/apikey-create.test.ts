import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { ApiKeys } from '../../src/services/api-keys.js';
import { openApiKeyRepository } from '../../src/storage/api-key-repository.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { finished, spawnTsx, uriWithDatabase } from '../helpers/spawn-tsx.js';

const DB = 'cli_apikey_create';

describe('docseal apikey create', () => {
  let conn: Connection;
  let certsDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    conn = await connectTestDatabase(DB);
    certsDir = await mkdtemp(join(tmpdir(), 'docseal-cli-'));
    await generateDevPki({ certsDir, passphrase: 'pw', now: new Date() });
    env = { MONGODB_URI: uriWithDatabase(inject('mongoUri') ?? process.env.MONGODB_URI!, DB), DOCSEAL_CERTS_DIR: certsDir };
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
    await rm(certsDir, { recursive: true, force: true });
  });

  it('prints a working key on its last line and exits 0', async () => {
    const run = await finished(spawnTsx('src/cli/main.ts', ['apikey', 'create', '--department', 'demo-ec', '--roles', 'read'], env));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    const key = lines.at(-1)!;
    expect(key).toMatch(/^ds_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const apiKeys = new ApiKeys(await openApiKeyRepository(conn), () => new Date());
    await expect(apiKeys.authenticate(key)).resolves.toMatchObject({ department: 'demo-ec', roles: ['read'] });
  });

  it('refuses an unknown department with a message and exit 1', async () => {
    const run = await finished(spawnTsx('src/cli/main.ts', ['apikey', 'create', '--department', 'nowhere'], env));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown department "nowhere"');
    expect(run.stderr).toContain('demo, demo-ec');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });
});
