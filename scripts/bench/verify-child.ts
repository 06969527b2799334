import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadBenchTrust, verdictOf } from './docseal-verify.js';
import { maxRssMiB, percentile } from './process-stats.js';

/** What the in-process verification child prints as its last line. */
export type VerifyChildResult =
  | {
      readonly ok: true;
      readonly medianMs: number;
      readonly p90Ms: number;
      readonly maxRssMiB: number;
      readonly verdict: string;
    }
  | { readonly ok: false; readonly error: string; readonly maxRssMiB: number };

/**
 * docseal verifying in one warm process, as the service does: trust loaded and the file read once,
 * untimed warm-up runs, then timed runs of the whole verification (no forced GC, as for signing).
 * Every run must reach the same verdict. Usage: verify-child <file.pdf> <certs dir> <warm-ups> <runs>
 */
async function main(argv: readonly string[]): Promise<VerifyChildResult> {
  const [file, certsDir, warmUpsText, runsText] = argv;
  if (!file || !certsDir) throw new Error(`bad arguments: ${argv.join(' ')}`);
  const [trust, bytes] = await Promise.all([loadBenchTrust(certsDir), readFile(file)]);
  const now = new Date();
  const warmUps = Number(warmUpsText);
  const samples: number[] = [];
  const verdicts = new Set<string>();
  for (let i = 0; i < warmUps + Number(runsText); i++) {
    const start = performance.now();
    verdicts.add(verdictOf(bytes, trust, now));
    const elapsed = performance.now() - start;
    if (i >= warmUps) samples.push(elapsed);
  }
  if (verdicts.size !== 1) throw new Error(`different verdicts on the same file: ${[...verdicts].join(', ')}`);
  samples.sort((a, b) => a - b);
  const [verdict] = verdicts;
  return { ok: true, medianMs: percentile(samples, 50), p90Ms: percentile(samples, 90), maxRssMiB: maxRssMiB(), verdict: verdict! };
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const result: VerifyChildResult = { ok: false, error: message.split('\n')[0]!, maxRssMiB: maxRssMiB() };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
);
