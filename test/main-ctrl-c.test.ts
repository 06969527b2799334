import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDevPki } from '../scripts/certs-lib.js';
import { findFerretDbBinary } from '../src/storage/ferretdb-process.js';
import { makePdfLibDoc } from './helpers/pdf-fixtures.js';
import { listeningPort, logLine, serviceEnv, startUpload } from './helpers/service-process.js';
import { finished, REPO_ROOT } from './helpers/spawn-tsx.js';

/** The process group of `pid` (field 5 of /proc/<pid>/stat, after the command name in parentheses). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const ferretDb = await findFerretDbBinary();

// Needs the FerretDB binary the embedded default starts; the other tests find it the same way.
describe.skipIf(!ferretDb || process.platform !== 'linux')('Ctrl-C in the terminal running the service (embedded FerretDB)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let ferretPid: number | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docseal-ctrl-c-'));
    await generateDevPki({ certsDir: join(dir, 'certs'), passphrase: 'pw', now: new Date() });
  });
  afterAll(async () => {
    // Only if an assertion failed midway: the service's group is this test's to clean up.
    if (child?.pid && alive(-child.pid)) process.kill(-child.pid, 'SIGKILL');
    if (ferretPid && alive(ferretPid)) process.kill(ferretPid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the request in flight, stops FerretDB after it, exits 0 and leaves no FerretDB behind', { timeout: 90_000 }, async () => {
    const env = serviceEnv(dir);
    // A terminal runs a command as its own foreground process group and sends Ctrl-C to all of it. One
    // node process, as `npm start` runs: the tsx command would add a parent that relays signals itself.
    const args = ['--import', 'tsx', 'src/main.ts'];
    child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const terminalGroup = child.pid!;
    const done = finished(child);
    const started = logLine(child, (l) => typeof l.msg === 'string' && l.msg.startsWith('database: FerretDB pid '));
    const port = await listeningPort(child);
    ferretPid = Number(/FerretDB pid (\d+)/.exec(String((await started).msg))![1]);
    expect(alive(ferretPid)).toBe(true);
    expect(processGroup(ferretPid)).not.toBe(terminalGroup);
    expect(readFileSync(join(dir, 'data', 'docseal.pid'), 'utf8').trim()).toMatch(/^\d+$/);

    const upload = startUpload(port, await makePdfLibDoc({ pages: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    let exited = false;
    void done.then(() => (exited = true));
    process.kill(-terminalGroup, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(exited).toBe(false); // waiting for the upload still arriving
    expect(alive(ferretPid)).toBe(true); // the database is stopped after the last request, not by Ctrl-C
    upload.finish();
    const answer = await upload.response;
    expect(answer.status).toBe(200);
    expect(answer.body.verdict).toBe('unsigned');

    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('"signal":"SIGINT"');
    expect(run.stdout).toContain('"msg":"stopped"');
    expect(run.stdout).not.toContain('"status":500');
    expect(alive(ferretPid)).toBe(false);
    expect(existsSync(join(dir, 'data', 'docseal.pid'))).toBe(false);
  });

  it('stops FerretDB also when the service is killed outright (its watchdog)', { timeout: 90_000 }, async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO_ROOT, env: serviceEnv(dir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const started = logLine(child, (l) => typeof l.msg === 'string' && l.msg.startsWith('database: FerretDB pid '));
    await listeningPort(child);
    ferretPid = Number(/FerretDB pid (\d+)/.exec(String((await started).msg))![1]);
    process.kill(-child.pid!, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(ferretPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(ferretPid)).toBe(false);
  });
});
