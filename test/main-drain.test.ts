import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../scripts/certs-lib.js';
import { findFerretDbBinary } from '../src/storage/ferretdb-process.js';
import { makePdfLibDoc } from './helpers/pdf-fixtures.js';
import { listeningPort, serviceEnv, startUpload } from './helpers/service-process.js';
import { finished, REPO_ROOT } from './helpers/spawn-tsx.js';

const ferretDb = await findFerretDbBinary();

type Answer = { status: number; connection: string | undefined; body: Record<string, unknown> };

/** A GET over `agent`, whose kept-alive connection the test opened before the signal. */
function get(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { accept: 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!ferretDb || process.platform !== 'linux')('SIGTERM drains the service (embedded FerretDB)', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docseal-drain-'));
    await generateDevPki({ certsDir: join(dir, 'certs'), passphrase: 'pw', now: new Date() });
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('fails /readyz, refuses new requests on kept-alive connections, closes them, and finishes the request in flight', { timeout: 90_000 }, async () => {
    const env = serviceEnv(dir, { DOCSEAL_SHUTDOWN_GRACE_MS: '20000' });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    const port = await listeningPort(child);
    // Two kept-alive connections, opened (and idle) before the signal, as a load balancer's pool holds them.
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const clientAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(port, '/readyz', probeAgent)).status).toBe(200);
    expect((await get(port, '/healthz', clientAgent)).status).toBe(200);

    const upload = startUpload(port, await makePdfLibDoc({ pages: 1 }));
    await upload.accepted;
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Node closes connections that are idle at close(); one that is in the middle of a request is not.
    // A request racing that close may find its socket gone: either way the client gets no new work done.
    const probe = await get(port, '/readyz', probeAgent).catch((e: NodeJS.ErrnoException) => String(e.code));
    const client = await get(port, '/healthz', clientAgent).catch((e: NodeJS.ErrnoException) => String(e.code));
    for (const answer of [probe, client]) {
      if (typeof answer === 'string') expect(answer).toMatch(/ECONNRESET|ECONNREFUSED|EPIPE/);
      else expect(answer.connection).toBe('close');
    }
    if (typeof probe !== 'string') expect(probe).toMatchObject({ status: 503, body: { ok: false, draining: true } });
    await expect(get(port, '/api/v1/verify/hash/' + '0'.repeat(64), new Agent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    upload.finish();
    expect((await upload.response).status).toBe(200);
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    probeAgent.destroy();
    clientAgent.destroy();
  });
});
