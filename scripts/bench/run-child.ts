import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ChildResult } from './tool.js';

const CHILD_SOURCE = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Inside the repository so the bundle's bare imports resolve to its node_modules. */
const BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/docseal-bench/', import.meta.url));

export type ChildCommand = { readonly args: readonly string[]; readonly how: string };

/**
 * The children run compiled JavaScript, as `npm start` runs the service, so their RSS holds no
 * TypeScript loader. esbuild (installed with tsx) bundles our sources; packages stay external and each
 * tool is a separate chunk, loaded only by the child that runs it. Without esbuild, tsx runs the source.
 */
export async function prepareChildCommand(): Promise<ChildCommand> {
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: { child: CHILD_SOURCE },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: BUNDLE_DIR,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
    });
    return { args: [join(BUNDLE_DIR, 'child.mjs')], how: 'compiled with esbuild, run by node' };
  } catch (error) {
    return { args: ['--import', 'tsx', CHILD_SOURCE], how: `run by tsx (esbuild bundle failed: ${String(error)})` };
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
  const args = [...command.args, ...jobArgs];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const lastLine = run.stdout?.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as ChildResult;
  } catch {
    const reason = run.error?.message ?? (run.stderr.trim().split('\n').at(-1) || `exit code ${run.status}`);
    return { ok: false, error: `child failed: ${reason}`, maxRssMiB: 0 };
  }
}
