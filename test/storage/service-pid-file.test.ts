import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningServicePid, servicePidFile, writeServicePidFile } from '../../src/storage/service-pid-file.js';

let dir: string;
const children: ChildProcess[] = [];

/** A process that lives until the test ends, started with `args`. */
function idle(command: string, args: string[]): number {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docseal-pid-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('the service pid file', () => {
  it('names the process whose command line runs src/main, and nothing else', async () => {
    expect(runningServicePid(join(dir, 'none'))).toBeUndefined();
    const service = idle(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'dist/src/main.js']);
    await writeFile(servicePidFile(dir), `${service}\n`);
    expect(runningServicePid(dir)).toBe(service);
    // A stale file whose number another program now has: SIGHUP would end it, so it is not named.
    await writeFile(servicePidFile(dir), `${idle('sleep', ['60'])}\n`);
    expect(runningServicePid(dir)).toBeUndefined();
    const cli = idle(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'dist/src/cli/main.js']);
    await writeFile(servicePidFile(dir), `${cli}\n`);
    expect(runningServicePid(dir)).toBeUndefined();
    for (const text of [`${process.pid}`, 'not a pid', '0', '']) {
      await writeFile(servicePidFile(dir), text);
      expect(runningServicePid(dir)).toBeUndefined();
    }
  });

  it('is removed by the service that wrote it, and left when another service has written its own since', async () => {
    const data = join(dir, 'data');
    const remove = await writeServicePidFile(data);
    expect(existsSync(servicePidFile(data))).toBe(true);
    await remove();
    expect(existsSync(servicePidFile(data))).toBe(false);
    const removeLater = await writeServicePidFile(data);
    await writeFile(servicePidFile(data), '12345\n');
    await removeLater();
    expect(existsSync(servicePidFile(data))).toBe(true);
  });
});
