import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../scripts/certs-lib.js';
import { findFerretDbBinary } from '../src/storage/ferretdb-process.js';
import { listeningPort, logLine, serviceEnv } from './helpers/service-process.js';
import { REPO_ROOT } from './helpers/spawn-tsx.js';

const ferretDb = await findFerretDbBinary();

type Answer = { status: number; retryAfter: string | null; code?: string; ms: number };

async function get(port: number, path: string): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error?.code, ms: Date.now() - started };
}

async function until<T>(probe: () => Promise<T>, holds: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// A hung database (SIGSTOP keeps its sockets open, so nothing refuses, nothing answers) is the hard case.
describe.skipIf(!ferretDb || process.platform !== 'linux')('the database stops answering and comes back (embedded FerretDB)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let ferretPid: number | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docseal-db-outage-'));
    await generateDevPki({ certsDir: join(dir, 'certs'), passphrase: 'pw', now: new Date() });
  });
  afterAll(async () => {
    if (ferretPid) {
      try {
        process.kill(ferretPid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    if (child?.pid) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 database_unavailable with Retry-After within 10 s, never 500; /readyz fails; all recover', { timeout: 120_000 }, async () => {
    const env = serviceEnv(dir);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const started = logLine(child, (l) => typeof l.msg === 'string' && l.msg.startsWith('database: FerretDB pid '));
    const port = await listeningPort(child);
    ferretPid = Number(/FerretDB pid (\d+)/.exec(String((await started).msg))![1]);
    const unknownDocument = '/v/ZZZZZZZZZZZZZZZZZZZZ';
    expect((await get(port, unknownDocument)).status).toBe(404);
    expect((await get(port, '/readyz')).status).toBe(200);

    process.kill(ferretPid, 'SIGSTOP');
    const during = await Promise.all([get(port, unknownDocument), get(port, unknownDocument), get(port, '/api/v1/verify/hash/' + '0'.repeat(64))]);
    for (const answer of during) {
      expect(answer).toMatchObject({ status: 503, code: 'database_unavailable', retryAfter: '5' });
      expect(answer.ms, JSON.stringify(during)).toBeLessThan(10_000);
    }
    expect(await get(port, '/readyz')).toMatchObject({ status: 503 });

    process.kill(ferretPid, 'SIGCONT');
    expect((await until(() => get(port, unknownDocument), (a) => a.status === 404, 30_000)).status).toBe(404);
    expect((await until(() => get(port, '/readyz'), (a) => a.status === 200, 30_000)).status).toBe(200);
    expect(output).not.toContain('"status":500');
  });
});
