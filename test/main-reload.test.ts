import { readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../scripts/certs-lib.js';
import { createDepartment } from '../src/keys/create-department.js';
import { ApiKeys } from '../src/services/api-keys.js';
import { openApiKeyRepository } from '../src/storage/api-key-repository.js';
import { closeTestDatabase, connectTestDatabase } from './helpers/database.js';
import { cliEnv, runDocseal } from './helpers/docseal-cli.js';
import { makePdfLibDoc } from './helpers/pdf-fixtures.js';
import { listeningPort, logLine } from './helpers/service-process.js';
import { finished, spawnTsx } from './helpers/spawn-tsx.js';

const DB = 'main_reload';
const PASSPHRASE = 'reload-passphrase';

const isMessage = (prefix: string) => (line: Record<string, unknown>) => typeof line.msg === 'string' && line.msg.startsWith(prefix);

describe('department changes reach the running service (SIGHUP)', () => {
  let conn: Connection;
  let dir: string;
  let certsDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    conn = await connectTestDatabase(DB);
    dir = await mkdtemp(join(tmpdir(), 'docseal-reload-'));
    certsDir = join(dir, 'certs');
    await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date(Date.now() - 86_400_000) });
    // The service and the CLI share the data dir: the service's pid file is how the CLI finds it.
    env = { ...cliEnv(DB, certsDir, PASSPHRASE), DOCSEAL_DATA_DIR: join(dir, 'data'), PORT: '0', HOST: '127.0.0.1' };
  });
  afterAll(async () => {
    await closeTestDatabase(conn);
    await rm(dir, { recursive: true, force: true });
  });

  it('starts despite a half-made department, names it, and signs for it once the CLI installed its key', { timeout: 120_000 }, async () => {
    await createDepartment(certsDir, { code: 'civil', nameZh: '民政局', nameEn: 'Civil Affairs Bureau', publicDownload: false, publicPreview: false });
    const child = spawnTsx('src/main.ts', [], env);
    const done = finished(child);
    const skippedLine = logLine(child, isMessage('department civil skipped'));
    const port = await listeningPort(child);
    const base = `http://127.0.0.1:${port}`;
    expect(await skippedLine).toMatchObject({ level: 40, department: 'civil', problem: 'no key, no certificate, no chain file' });
    const ready = await fetch(`${base}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { ok: true, skippedDepartments: [{ code: 'civil', problem: 'no key, no certificate, no chain file' }] },
    });
    const key = (await new ApiKeys(await openApiKeyRepository(conn), () => new Date()).create('civil', ['sign'])).key;
    const sign = async () => {
      const form = new FormData();
      form.append('file', new Blob([await makePdfLibDoc({ pages: 1 })], { type: 'application/pdf' }), 'in.pdf');
      return fetch(`${base}/api/v1/documents`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: form });
    };
    expect((await sign()).status).not.toBe(201);

    const reloaded = logLine(child, isMessage('departments reloaded'));
    const issued = await runDocseal(['department', 'issue-cert', '--code', 'civil'], env);
    expect(issued.code, issued.stderr).toBe(0);
    const servicePid = Number(readFileSync(join(dir, 'data', 'docseal.pid'), 'utf8'));
    expect(issued.stdout).toContain(`Sent SIGHUP to the running service (pid ${servicePid})`);
    expect((await reloaded).departments).toEqual(['demo', 'demo-ec', 'service', 'civil']);
    const readyAfter = await fetch(`${base}/readyz`);
    expect(await readyAfter.json()).toEqual({ ok: true });
    expect((await sign()).status).toBe(201);

    // A reload that finds nothing to load fails, and the service keeps signing with the set it had.
    const failed = logLine(child, isMessage('department reload failed'));
    await rename(join(certsDir, 'dev'), join(dir, 'dev-away'));
    await rename(join(certsDir, 'departments'), join(dir, 'departments-away'));
    process.kill(servicePid, 'SIGHUP');
    expect(await failed).toMatchObject({ level: 50, departments: ['demo', 'demo-ec', 'service', 'civil'] });
    expect(String((await failed).reason)).toMatch(/^no departments in /);
    expect((await sign()).status).toBe(201);
    await rename(join(dir, 'dev-away'), join(certsDir, 'dev'));
    await rename(join(dir, 'departments-away'), join(certsDir, 'departments'));

    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    const after = await runDocseal(['department', 'create', '--code', 'late', '--name-zh', '晚', '--name-en', 'Late'], env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('No running service found');
    expect(after.stdout).toContain('kill -HUP <pid>');
  });
});
