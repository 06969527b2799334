import { spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, open, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import mongoose from 'mongoose';
import { ensurePrivateDir } from './private-dir.js';

export type FerretDbProcess = {
  readonly uri: string;
  readonly pid: number;
  stop(): Promise<void>;
};

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** FERRETDB_BIN, then `ferretdb` on PATH, then where `go install` puts it; undefined when none is executable. */
export async function findFerretDbBinary(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = [
    env.FERRETDB_BIN,
    ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'ferretdb')),
    join(env.HOME ?? homedir(), 'go', 'bin', 'ferretdb'),
  ];
  for (const candidate of candidates) {
    if (candidate && (await isExecutable(candidate))) return candidate;
  }
  return undefined;
}

export type StartFerretDbOptions = {
  /**
   * Run FerretDB in a process group of its own (the service does), so that a terminal's Ctrl-C, sent to
   * the whole foreground group, reaches only the service, which stops FerretDB once requests in flight
   * are done. Off for short-lived callers (CLI, tests): there Ctrl-C should stop both at once.
   */
  readonly ownProcessGroup?: boolean;
};

/**
 * FerretDB creates its SQLite files (and their -wal/-shm companions) with the mode its umask allows;
 * it has no option for it, so it is started through the shell with `umask 077`: files 0600,
 * directories 0700. `exec` replaces the shell, so the pid is FerretDB's and signals reach it.
 */
function spawnPrivate(binary: string, args: readonly string[], logFd: number, detached: boolean): ChildProcess {
  const options = { stdio: ['ignore', logFd, logFd] as ['ignore', number, number], detached };
  if (process.platform === 'win32') return spawn(binary, args, options);
  return spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', binary, ...args], options);
}

/**
 * In a process group of its own FerretDB no longer ends with the terminal: should this process end
 * without stopping it (SIGKILL, out of memory), this shell stops it within a second of this process going.
 */
function startWatchdog(ferretDbPid: number): ChildProcess {
  const script = 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill "$1" 2>/dev/null';
  const watchdog = spawn('/bin/sh', ['-c', script, String(process.pid), String(ferretDbPid)], { stdio: 'ignore', detached: true });
  watchdog.unref();
  return watchdog;
}

/** Starts FerretDB (SQLite backend) on a free loopback port and resolves once it answers a ping. */
export async function startFerretDb(binary: string, dataDir: string, opts: StartFerretDbOptions = {}): Promise<FerretDbProcess> {
  await ensurePrivateDir(dataDir);
  const port = await findFreePort();
  const logPath = join(dataDir, 'ferretdb.log');
  const logFile = await open(logPath, 'a', 0o600);
  await chmod(logPath, 0o600);
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
  ];
  // Output goes to a file, not a pipe: an undrained pipe would block FerretDB once its buffer fills.
  const child = spawnPrivate(binary, args, logFile.fd, opts.ownProcessGroup ?? false);
  await logFile.close();
  const watchdog = opts.ownProcessGroup && process.platform !== 'win32' && child.pid ? startWatchdog(child.pid) : undefined;
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    watchdog?.kill();
  };
  process.once('exit', killOnExit);
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilReady(uri, child, logPath);
  } catch (e) {
    await stopChild(child);
    watchdog?.kill();
    process.off('exit', killOnExit);
    throw e;
  }
  return {
    uri,
    pid: child.pid ?? -1,
    stop: async () => {
      await stopChild(child);
      watchdog?.kill();
      process.off('exit', killOnExit);
    },
  };
}

async function waitUntilReady(uri: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${await logTail(logPath)}`);
    }
    if (await answersPing(uri)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`FerretDB did not accept connections at ${uri} within ${READY_TIMEOUT_MS} ms:\n${await logTail(logPath)}`);
}

async function answersPing(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function logTail(logPath: string): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}
