import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { devPkiPaths } from '../certs-lib.js';
import { prepareBenchKeys, type BenchKeys } from './bench-keys.js';
import { generateInputs, type BenchCase } from './inputs.js';
import { formatCase, formatTargets, type CaseReport, type Row } from './report.js';
import { prepareChildCommand, runChild, type ChildCommand } from './run-child.js';
import { runBlobBench } from './blob-bench.js';
import { levelsUpTo } from './blob-levels.js';
import { BLOB_NOTES, formatBlobBench, formatBlobVerdict } from './blob-report.js';
import { TOOLS } from './tool-list.js';
import { createNssDb } from './pdfsig.js';
import { runVerifyCase, type VerifyCaseReport } from './verify-bench.js';
import { signVerifyInputs } from './verify-inputs.js';
import { formatVerifyCase, formatVerifyTargets } from './verify-report.js';

/**
 * `npm run bench`: the signing and verification performance targets (docs/benchmarks.md), and reads
 * from the blob stores as they fill (blob-bench.ts). Every (case, tool) pair runs in its own child
 * process (see child.ts, verify-child.ts) or as whole processes per file (verify-cli.ts, pdfsig), one after the other so they never compete for the CPU; this process
 * only prepares inputs and keys, and prints the tables and the verdict on each target.
 */
function machine(): string {
  const cpu = cpus();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return [
    `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `node ${process.version}, ${process.platform} ${release()}; load average at start: ${load}`,
  ].join('\n');
}

const NOTES = [
  'docseal draws the visible seal (seal image, CJK text subset, QR code) in the widget appearance;',
  'the peers sign invisibly, as they do by default. docseal and @libpdf/core embed the 3-certificate chain;',
  "@signpdf embeds one self-signed certificate over the same RSA key (node-forge cannot read our ECDSA-issued chain).",
].join('\n');

/** The input must be a normal, valid PDF, or the comparison means nothing. */
function checkInput(benchCase: BenchCase): void {
  const run = spawnSync('qpdf', ['--check', benchCase.file], { encoding: 'utf8' });
  if (run.error) throw new Error(`qpdf is needed to check the inputs: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(`qpdf --check failed on the ${benchCase.label} input:\n${run.stdout}${run.stderr}`);
  }
}

/** pdfsig without certificate checks: is the digest over the ByteRange right and the whole file covered? */
function checkOutput(file: string): string {
  if (!existsSync(file)) return '-';
  const run = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
  if (run.error) return 'n/a';
  const valid = run.stdout.includes('Signature is Valid.');
  const whole = run.stdout.includes('Total document signed');
  return valid && whole ? 'valid' : valid ? 'valid, partial' : 'INVALID';
}

function runCase(benchCase: BenchCase, dir: string, command: ChildCommand): CaseReport {
  const keysFile = join(dir, 'keys.json');
  const rows: Row[] = TOOLS.map((tool) => {
    const outputFile = join(dir, `output-${benchCase.id}-${tool.id}.pdf`);
    const { file: inputFile, warmUps, runs } = benchCase;
    const job = { toolId: tool.id, inputFile, warmUps, runs, keysFile, outputFile };
    const result = runChild(command, job);
    const check = result.ok && result.outputBytes > 0 ? checkOutput(outputFile) : '-';
    rmSync(outputFile, { force: true });
    return { id: tool.id, label: tool.label, result, check };
  });
  return { benchCase, rows };
}

const VERIFY_NOTES = [
  'Verification: docseal (process per file) is a fresh node process per file running a bundled CLI entry (load trust,',
  'read, verify, print the verdict); it and pdfsig take turns, each run timed from spawn to exit under GNU time, whose',
  '%M (highest of the runs) is their peak RSS. docseal in-process is one warm child verifying the same bytes again and',
  'again, as the service does; its peak RSS is its VmHWM. pdfsig trusts the dev root through an NSS database.',
].join('\n');

async function verifyBench(dir: string, cases: readonly BenchCase[], keys: BenchKeys, command: ChildCommand): Promise<void> {
  const verifyCases = await signVerifyInputs(dir, cases, keys);
  const nss = createNssDb(dir, devPkiPaths(keys.certsDir).rootCert);
  console.log(`\n${VERIFY_NOTES}`);
  const reports: VerifyCaseReport[] = [];
  for (const verifyCase of verifyCases) {
    const report = runVerifyCase({ command, certsDir: keys.certsDir, nss }, verifyCase);
    reports.push(report);
    console.log(`\n${formatVerifyCase(report)}`);
  }
  console.log(`\n${formatVerifyTargets(reports)}`);
}

/** BENCH_BLOB_MAX (default 100m) bounds the file store's fill, BENCH_BLOB_GRIDFS_MAX (default the smaller of it and 100m) GridFS's. */
async function blobBench(dir: string): Promise<void> {
  const fileLevels = levelsUpTo('BENCH_BLOB_MAX', process.env.BENCH_BLOB_MAX, 100e6);
  const fileMax = fileLevels.at(-1) ?? 0;
  const gridFsLevels = levelsUpTo('BENCH_BLOB_GRIDFS_MAX', process.env.BENCH_BLOB_GRIDFS_MAX, Math.min(fileMax, 100e6));
  console.log(`\n${BLOB_NOTES}`);
  const report = await runBlobBench(dir, fileLevels, gridFsLevels);
  console.log(`\n${formatBlobBench(report)}`);
  console.log(`\n${formatBlobVerdict(report)}`);
}

/** BENCH_ONLY: a comma-separated choice of the sections sign, verify and blobs (default all). */
function sections(): ReadonlySet<string> {
  const chosen = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const known = ['sign', 'verify', 'blobs'];
  const unknown = chosen.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return new Set(chosen.length > 0 ? chosen : known);
}

async function signAndVerifyBench(dir: string, only: ReadonlySet<string>): Promise<void> {
  const cases = await generateInputs(dir);
  cases.forEach(checkInput);
  const keys = await prepareBenchKeys(dir);
  await writeFile(join(dir, 'keys.json'), JSON.stringify(keys));
  const command = await prepareChildCommand();
  console.log(`children: ${command.how}; no forced GC; peak RSS = VmHWM of the child`);
  console.log(NOTES);
  if (only.has('sign')) {
    const reports: CaseReport[] = [];
    for (const benchCase of cases) {
      const report = runCase(benchCase, dir, command);
      reports.push(report);
      console.log(`\n${formatCase(report)}`);
    }
    console.log(`\n${formatTargets(reports)}`);
  }
  if (only.has('verify')) await verifyBench(dir, cases, keys, command);
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = sections();
  console.log(machine());
  const dir = mkdtempSync(join(tmpdir(), 'docseal-bench-'));
  try {
    if (only.has('sign') || only.has('verify')) await signAndVerifyBench(dir, only);
    if (only.has('blobs')) await blobBench(dir);
    console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`total benchmark time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
