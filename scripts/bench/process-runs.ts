import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { percentile } from './process-stats.js';

/** A command run as a whole process per file: its first argument is the program. */
export type Command = readonly [string, ...string[]];

/** What one verifier made of a file across all its runs; peak RSS is the highest of the runs, if GNU time is installed. */
export type ProcessResult =
  | {
      readonly ok: true;
      readonly medianMs: number;
      readonly p90Ms: number;
      readonly maxRssMiB: number | undefined;
      readonly stdout: string;
    }
  | { readonly ok: false; readonly error: string };

const GNU_TIME = '/usr/bin/time';
/** On stderr's last line, after whatever the program wrote there. */
const FORMAT = 'bench-peak-rss-kib %M';
const USAGE = /bench-peak-rss-kib (\d+)\s*$/;

type Run = { readonly ms: number; readonly stdout: string; readonly rssMiB?: number };

/**
 * One run timed from spawn to exit. Under GNU time (`%M` is the peak RSS in KiB): getrusage counts
 * the forked process's peak before exec too, so the parent must be small, as GNU time is (about 1 MiB)
 * and this Node process is not. Its own fork and exec, about a millisecond, is in every tool's time.
 */
function run(command: Command, wrapped: boolean): Run | { error: string } {
  const argv = wrapped ? [GNU_TIME, '-f', FORMAT, ...command] : [...command];
  const start = performance.now();
  const done = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (done.error || done.status !== 0) {
    const lines = (done.stderr ?? '').trim().split('\n').filter((l) => !USAGE.test(l));
    return { error: `${command[0]} failed: ${done.error?.message ?? (lines.at(-1) || `exit code ${done.status}`)}` };
  }
  const usage = wrapped ? USAGE.exec(done.stderr) : null;
  if (!usage) return { ms, stdout: done.stdout };
  return { ms, stdout: done.stdout, rssMiB: Number(usage[1]) / 1024 };
}

function summarise(timed: readonly Run[], stdout: string): ProcessResult {
  const samples = timed.map((r) => r.ms).sort((a, b) => a - b);
  const rss = timed.map((r) => r.rssMiB);
  return {
    ok: true,
    medianMs: percentile(samples, 50),
    p90Ms: percentile(samples, 90),
    maxRssMiB: rss.every((r) => r !== undefined) ? Math.max(...(rss as number[])) : undefined,
    stdout,
  };
}

/**
 * Runs each command `warmUps + runs` times, taking turns (one run of each, then the next round), so a
 * change of load on a shared machine falls on every tool alike. Every run must exit 0 and print what
 * the command's first run printed, or that command's result is an error: a verifier that changes its
 * mind is not measured, it is broken.
 */
export function timeProcesses(commands: readonly Command[], warmUps: number, runs: number): ProcessResult[] {
  const wrapped = existsSync(GNU_TIME);
  const timed: Run[][] = commands.map(() => []);
  const first: (string | undefined)[] = [];
  const failed: (string | undefined)[] = [];
  for (let i = 0; i < warmUps + runs; i++) {
    commands.forEach((command, c) => {
      if (failed[c]) return;
      const done = run(command, wrapped);
      if ('error' in done) failed[c] = done.error;
      else if ((first[c] ??= done.stdout) !== done.stdout) failed[c] = `${command[0]} printed different results on the same file`;
      else if (i >= warmUps) timed[c]!.push(done);
    });
  }
  return commands.map((_, c) => (failed[c] ? { ok: false, error: failed[c]! } : summarise(timed[c]!, first[c] ?? '')));
}
