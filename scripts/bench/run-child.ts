import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ChildResult } from './tool.js';

const source = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
/** Inside the repository so the bundle's bare imports resolve to its node_modules. */
const BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/docseal-bench/', import.meta.url));

/** The programs the parent starts: the signing child, the verification child, the per-file verifier. */
type Entry = 'child' | 'verify-child' | 'verify-cli';

export type ChildCommand = { readonly entries: Readonly<Record<Entry, readonly string[]>>; readonly how: string };

const BUILD = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outdir: BUNDLE_DIR,
  outExtension: { '.js': '.mjs' },
  logLevel: 'error',
} as const;

/**
 * The children run compiled JavaScript, as `npm start` runs the service, so their RSS holds no
 * TypeScript loader. esbuild (installed with tsx) bundles our sources; packages stay external and each
 * tool is a separate chunk, loaded only by the child that runs it. The per-file verifier is one file of
 * its own, as a command-line tool would ship. Without esbuild, tsx runs the source.
 */
export async function prepareChildCommand(): Promise<ChildCommand> {
  try {
    const esbuild = await import('esbuild');
    const children = { child: source('child'), 'verify-child': source('verify-child') };
    await esbuild.build({ ...BUILD, entryPoints: children, splitting: true });
    await esbuild.build({ ...BUILD, entryPoints: { 'verify-cli': source('verify-cli') } });
    const compiled = (entry: Entry) => [join(BUNDLE_DIR, `${entry}.mjs`)];
    return {
      entries: { child: compiled('child'), 'verify-child': compiled('verify-child'), 'verify-cli': compiled('verify-cli') },
      how: 'compiled with esbuild, run by node',
    };
  } catch (error) {
    const tsx = (entry: Entry) => ['--import', 'tsx', source(entry)];
    return {
      entries: { child: tsx('child'), 'verify-child': tsx('verify-child'), 'verify-cli': tsx('verify-cli') },
      how: `run by tsx (esbuild bundle failed: ${String(error)})`,
    };
  }
}

export type ChildJob = {
  readonly toolId: string;
  readonly inputFile: string;
  readonly warmUps: number;
  readonly runs: number;
  readonly keysFile: string;
  readonly outputFile: string;
};

/** Runs one (case, tool) pair; a child that dies or prints nothing becomes an error row, not a crash. */
export function runChild(command: ChildCommand, job: ChildJob): ChildResult {
  const jobArgs = [job.toolId, job.inputFile, String(job.warmUps), String(job.runs), job.keysFile, job.outputFile];
  const args = [...command.entries.child, ...jobArgs];
  return lastJsonLine<ChildResult>(args);
}

/** Runs node with `args` and reads the JSON result from its last line; a silent death becomes an error result. */
export function lastJsonLine<T>(args: readonly string[]): T | { ok: false; error: string; maxRssMiB: number } {
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const lastLine = run.stdout?.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as T;
  } catch {
    const reason = run.error?.message ?? (run.stderr.trim().split('\n').at(-1) || `exit code ${run.status}`);
    return { ok: false, error: `child failed: ${reason}`, maxRssMiB: 0 };
  }
}
