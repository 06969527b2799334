import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { ApiKeys } from '../../src/services/api-keys.js';
import { openApiKeyRepository } from '../../src/storage/api-key-repository.js';
import { closeTestDatabase, connectTestDatabase } from '../helpers/database.js';
import { auditEvents, cliEnv, runDocseal } from '../helpers/docseal-cli.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';

const DB = 'cli_apikey_manage';

let conn: Connection;
let dir: string;
let env: NodeJS.ProcessEnv;
let apiKeys: ApiKeys;
let key: string;
let keyId: string;

beforeAll(async () => {
  conn = await connectTestDatabase(DB);
  dir = makeTempDir('docseal-cli-apikey-');
  await generateDevPki({ certsDir: join(dir, 'certs'), passphrase: 'pw', now: new Date() });
  env = cliEnv(DB, join(dir, 'certs'), 'pw');
  apiKeys = new ApiKeys(await openApiKeyRepository(conn), () => new Date());
});

afterAll(async () => {
  await closeTestDatabase(conn);
  removeDir(dir);
});

describe('docseal apikey create, list, revoke', () => {
  it('creates a key with all four roles, and refuses an unknown role', async () => {
    const run = await runDocseal(['apikey', 'create', '--department', 'demo', '--roles', 'sign,revoke,verify,read'], env);
    expect(run.code, run.stderr).toBe(0);
    key = run.stdout.trimEnd().split('\n').at(-1)!;
    keyId = key.split('_')[1]!;
    await expect(apiKeys.authenticate(key)).resolves.toMatchObject({ keyId, department: 'demo', roles: ['sign', 'revoke', 'verify', 'read'] });
    const bad = await runDocseal(['apikey', 'create', '--department', 'demo', '--roles', 'sign,admin'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('roles must be a comma-separated list of sign, revoke, verify, read');
  });

  it('lists the keys with roles and times, never the secret nor its hash', async () => {
    const second = await runDocseal(['apikey', 'create', '--department', 'demo', '--roles', 'read'], env);
    expect(second.code, second.stderr).toBe(0);
    await runDocseal(['apikey', 'create', '--department', 'demo-ec'], env);
    // The secret may itself contain '_': everything after the key id is the secret.
    const secret = key.slice(`ds_${keyId}_`.length);
    expect(secret).toHaveLength(43);
    const run = await runDocseal(['apikey', 'list', '--department', 'demo', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(listed, run.stdout).toHaveLength(2);
    const first = listed.find((k) => k.keyId === keyId);
    expect(first, run.stdout).toMatchObject({ keyId, department: 'demo', roles: ['sign', 'revoke', 'verify', 'read'] });
    expect(Object.keys(first!).sort(), run.stdout).toEqual(['createdAt', 'department', 'keyId', 'lastUsedAt', 'roles']);
    const table = await runDocseal(['apikey', 'list', '--department', 'demo'], env);
    expect(table.stdout, table.stderr).toMatch(new RegExp(`^${keyId}\\s+sign,revoke,verify,read\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+-$`, 'm'));
    const stored = await conn.collection('api_keys').findOne({ keyId });
    for (const output of [run.stdout, table.stdout]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(String(stored!.hash));
    }
  });

  it('revokes a key: it no longer authenticates, and the list shows when', async () => {
    const run = await runDocseal(['apikey', 'revoke', keyId], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Revoked API key ${keyId} of department demo`);
    await expect(apiKeys.authenticate(key)).rejects.toMatchObject({ code: 'unauthorized' });
    const listed = JSON.parse((await runDocseal(['apikey', 'list', '--department', 'demo', '--json'], env)).stdout) as Record<string, unknown>[];
    expect(listed.find((k) => k.keyId === keyId)?.revokedAt).toEqual(expect.any(String));
    expect(listed.find((k) => k.keyId !== keyId)?.revokedAt).toBeUndefined();
  });

  it('refuses to revoke a key twice, and an unknown key, with exit 1', async () => {
    const again = await runDocseal(['apikey', 'revoke', keyId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`API key ${keyId} is revoked already`);
    const unknown = await runDocseal(['apikey', 'revoke', '0123456789abcdef'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no API key with id 0123456789abcdef');
  });

  it('recorded each creation and the revocation, with the key id, and the chain verifies', async () => {
    const events = await auditEvents(conn);
    expect(events.map((e) => [e.type, e.details.department])).toEqual([
      ['apikey.create', 'demo'],
      ['apikey.create', 'demo'],
      ['apikey.create', 'demo-ec'],
      ['apikey.revoke', 'demo'],
    ]);
    expect(events[0]!.details).toMatchObject({ keyId, roles: 'sign,revoke,verify,read' });
    expect(events[3]!.details.keyId).toBe(keyId);
    expect(events.every((e) => e.actor.kind === 'operator')).toBe(true);
    const verify = await runDocseal(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('audit chain OK: 4 events');
  });

  it('audit verify names the first broken event and exits 1 when one was edited', async () => {
    await conn.collection('audit_events').updateOne({ seq: 2 }, { $set: { 'details.department': 'demo-ec' } });
    const verify = await runDocseal(['audit', 'verify'], env);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('audit chain BROKEN at event #2');
  });
});
