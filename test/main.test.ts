import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateDevPki } from '../scripts/certs-lib.js';
import { closeTestDatabase, connectTestDatabase } from './helpers/database.js';
import { makePdfLibDoc } from './helpers/pdf-fixtures.js';
import { listeningPort, startUpload } from './helpers/service-process.js';
import { finished, spawnTsx, uriWithDatabase } from './helpers/spawn-tsx.js';

const DB = 'main_start';

describe('src/main.ts', () => {
  let conn: Connection;
  let certsDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    conn = await connectTestDatabase(DB);
    certsDir = await mkdtemp(join(tmpdir(), 'docseal-main-'));
    // The data dir holds the pid file only (the database is the test one), kept out of the checkout's .data.
    const dataDir = join(certsDir, 'data');
    env = { MONGODB_URI: uriWithDatabase(inject('mongoUri') ?? process.env.MONGODB_URI!, DB), DOCSEAL_CERTS_DIR: certsDir, DOCSEAL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
    await rm(certsDir, { recursive: true, force: true });
  });

  it('refuses to start without department keys: a message on stderr, exit 1, no stack trace', async () => {
    const run = await finished(spawnTsx('src/main.ts', [], { ...env, DOCSEAL_KEY_PASSPHRASE: 'pw' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^docseal: cannot start: no departments in /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a bad setting, naming it', async () => {
    const run = await finished(spawnTsx('src/main.ts', [], { ...env, DOCSEAL_TIME_ZONE: 'Nowhere/Else' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^docseal: cannot start: DOCSEAL_TIME_ZONE: /);
  });

  it('refuses a wrong passphrase, then starts, answers /healthz and stops on SIGTERM', async () => {
    await generateDevPki({ certsDir, passphrase: 'right', now: new Date() });
    const wrong = await finished(spawnTsx('src/main.ts', [], { ...env, DOCSEAL_KEY_PASSPHRASE: 'wrong' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^docseal: cannot start: .*demo/);
    expect(wrong.stderr).not.toMatch(/^\s+at /m);

    const child = spawnTsx('src/main.ts', [], { ...env, DOCSEAL_KEY_PASSPHRASE: 'right' });
    const done = finished(child);
    const port = await listeningPort(child);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBeTruthy();
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"msg":"stopped"');
  });

  it('answers /readyz, and after SIGTERM finishes a request in flight before it stops', async () => {
    await generateDevPki({ certsDir, passphrase: 'right', now: new Date() }); // a no-op when the test above made it
    const child = spawnTsx('src/main.ts', [], { ...env, DOCSEAL_KEY_PASSPHRASE: 'right' });
    const done = finished(child);
    const port = await listeningPort(child);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { ok: true } });

    const upload = startUpload(port, await makePdfLibDoc({ pages: 1 }));
    await upload.accepted;
    let exited = false;
    void done.then(() => (exited = true));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(exited).toBe(false); // waiting for the upload still arriving
    upload.finish();
    const answer = await upload.response;
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe('unsigned');
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"msg":"shutting down"');
    expect(run.stdout).toContain('"msg":"stopped"');
    // The in-flight verification was audited before the database closed.
    expect(await conn.collection('audit_events').countDocuments({ type: 'verify' })).toBe(1);
  });

  it('keeps GridFS for MONGODB_URI, and opens a private blob folder when told to use files', async () => {
    await generateDevPki({ certsDir, passphrase: 'right', now: new Date() });
    const blobDir = join(certsDir, 'blob-store');
    for (const [extra, kind] of [[{}, 'gridfs'], [{ DOCSEAL_BLOB_STORE: 'files', DOCSEAL_BLOB_DIR: blobDir }, 'files']] as const) {
      const child = spawnTsx('src/main.ts', [], { ...env, ...extra, DOCSEAL_KEY_PASSPHRASE: 'right' });
      const done = finished(child);
      await listeningPort(child);
      child.kill('SIGTERM');
      const run = await done;
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`"blobStore":"${kind}"`);
    }
    expect((await stat(blobDir)).mode & 0o777).toBe(0o700);
  });
});
