import { open, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { BenchKeys } from './bench-keys.js';
import { maxRssMiB, percentile } from './process-stats.js';
import { TOOLS } from './tool-list.js';
import type { BenchTool, ChildResult, SignedOutput } from './tool.js';

/**
 * One (case, tool) pair in its own process, so its peak RSS is its own: load the file once, prepare the
 * tool, the warm-up runs, then the timed runs. Prints one JSON line; the parent reads the last line.
 * Usage: child.ts <tool id> <input.pdf> <warm-ups> <runs> <keys.json> <output.pdf>
 */
async function measure(tool: BenchTool, file: Buffer, keys: BenchKeys, warmUps: number, runs: number) {
  const nextRun = await tool.prepare(file, keys);
  const samples: number[] = [];
  let output: SignedOutput = [];
  // No forced gc() between runs: a service never calls it, and a full collection before every run
  // slowed docseal's 1-page signature about 4x (2.2 ms to 10.6 ms) while leaving @libpdf/core's alone.
  for (let i = 0; i < warmUps + runs; i++) {
    const timed = nextRun();
    const start = performance.now();
    output = await timed();
    const elapsed = performance.now() - start;
    if (i >= warmUps) samples.push(elapsed);
  }
  return { samples: samples.sort((a, b) => a - b), output };
}

async function writeParts(path: string, parts: SignedOutput): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (const part of parts) await handle.write(part);
  } finally {
    await handle.close();
  }
}

async function main(argv: readonly string[]): Promise<ChildResult> {
  const [toolId, inputFile, warmUpsText, runsText, keysFile, outputFile] = argv;
  const entry = TOOLS.find((t) => t.id === toolId);
  if (!entry || !inputFile || !keysFile || !outputFile) throw new Error(`bad arguments: ${argv.join(' ')}`);
  const keys = JSON.parse(await readFile(keysFile, 'utf8')) as BenchKeys;
  const tool = await entry.load();
  const file = await readFile(inputFile);
  const { samples, output } = await measure(tool, file, keys, Number(warmUpsText), Number(runsText));
  // Read before the output is written: writing is the caller's business, not the signer's.
  const peak = maxRssMiB();
  const outputBytes = output.reduce((n, part) => n + part.length, 0);
  if (outputBytes > 0) await writeParts(outputFile, output);
  return {
    ok: true,
    medianMs: percentile(samples, 50),
    p90Ms: percentile(samples, 90),
    minMs: samples[0]!,
    maxRssMiB: peak,
    outputBytes,
  };
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const result: ChildResult = { ok: false, error: message.split('\n')[0]!, maxRssMiB: maxRssMiB() };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
);
