import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from './private-dir.js';

/** The running service's process id, in its data dir, for `docseal department` to send it SIGHUP. */
export function servicePidFile(dataDir: string): string {
  return join(dataDir, 'docseal.pid');
}

/** Writes the pid file; the function it returns removes it, unless another service has written its own since. */
export async function writeServicePidFile(dataDir: string): Promise<() => Promise<void>> {
  const file = servicePidFile(dataDir);
  const mine = `${process.pid}\n`;
  await ensurePrivateDir(dataDir);
  await writeFile(file, mine, { mode: 0o600 });
  return async () => {
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now === mine) await rm(file, { force: true });
  };
}

/**
 * Whether `pid` is a running docseal service: its command line runs src/main (compiled or not). A pid
 * file left by a service that crashed may name a process that reuses the number; SIGHUP would end
 * most programs, so a process that cannot be confirmed (no /proc, not ours) is never signalled.
 */
function isDocsealService(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  return cmdline.split('\0').some((arg) => /(^|\/)src\/main\.(js|ts)$/.test(arg));
}

/** The pid of the service running on `dataDir`, or undefined when its pid file is missing or stale. */
export function runningServicePid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(servicePidFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid < 1 || pid === process.pid) return undefined;
  return isDocsealService(pid) ? pid : undefined;
}
