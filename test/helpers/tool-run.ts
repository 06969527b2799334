import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Output of an external tool, captured whatever its exit code (pdfsig exits 2 on unsigned files). */
export type ToolOutput = { stdout: string; stderr: string; exitCode: number | null };

export function makeTempDir(prefix = 'docseal-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `fn` in a fresh temporary directory that is removed afterwards, even when `fn` throws. */
export async function withTempDir<T>(fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = makeTempDir();
  try {
    return await fn(dir);
  } finally {
    removeDir(dir);
  }
}

/** Runs a tool that must succeed; its stderr is kept in the thrown error for diagnosis. */
export function runOrThrow(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a tool whose failure is itself the information we want (verifiers, qpdf --check). */
export function runCapture(cmd: string, args: string[], cwd?: string): ToolOutput {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}
