import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocsealError, type ErrorCode } from '../../src/core/errors.js';
import { finishReport, verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { makeLegitimateFixtures, type LegitimateSet } from '../helpers/independent-signers.js';
import { signingKit } from '../helpers/signing-setup.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';
import { MUTATORS, mutateCase, touchesSignedBytes, type FuzzSeed, type Mutator } from './pdf-mutations.js';

/**
 * Bounded fuzzing of the verifier: mutated signed files must give a verdict
 * or a DocsealError with a client-error code, never another exception; and a file whose signed bytes
 * changed must never be called valid. This drives verifyPdf in-process (fast, many cases);
 * verify-endpoint-fuzz.test.ts sends mutated files through POST /api/v1/verify.
 * Reproduce a case: FUZZ_SEED=<seed> and mutateCase(seeds, seed, index) on the same seeds.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_d0c5);
const MAX_CASES = Number(process.env.FUZZ_CASES ?? 3000);
const MAX_WALL_MS = 60_000;
const CLIENT_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'not_pdf', 'corrupt_pdf', 'encrypted_pdf', 'ambiguous_pdf', 'unsupported_pdf', 'limit_exceeded',
]);
const SEED_FIXTURES = ['ours-demo', 'ours-twice-rsa-ec', 'pyhanko-certified-p2', 'pyhanko-then-ours'];

type Finding = { index: number; seed: string; mutator: Mutator; detail: string };

let dir: string;
let set: LegitimateSet;
let seeds: FuzzSeed[];
const now = new Date();

beforeAll(async () => {
  dir = makeTempDir('docseal-fuzz-');
  set = await makeLegitimateFixtures(dir, await signingKit());
  seeds = SEED_FIXTURES.map((name) => {
    const pdf = set.fixtures.find((f) => f.name === name)!.pdf;
    const signedSpans = verifyPdf({ bytes: pdf, anchors: set.anchors, now }).report.signatures.map((s) => {
      const [a, b, c, d] = s.byteRange!;
      return [[a!, a! + b!], [c!, c! + d!]] as Array<readonly [number, number]>;
    });
    return { name, pdf, signedSpans };
  });
});

afterAll(() => removeDir(dir));

/** 'verdict:<v>', 'error:<code>' for a DocsealError, or 'crash:<name>' for anything else. */
function outcomeOf(bytes: Buffer): { outcome: string; verdict?: string; error?: unknown } {
  try {
    const verdict = finishReport(verifyPdf({ bytes, anchors: set.anchors, now }), []).verdict;
    return { outcome: `verdict:${verdict}`, verdict };
  } catch (e) {
    if (e instanceof DocsealError && CLIENT_ERRORS.has(e.code)) return { outcome: `error:${e.code}` };
    const name = e instanceof DocsealError ? `DocsealError(${e.code})` : e instanceof Error ? e.constructor.name : typeof e;
    return { outcome: `crash:${name}`, error: e };
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

type FuzzRun = {
  cases: number;
  elapsedMs: number;
  slowest: { ms: number; index: number };
  outcomes: Map<string, number>;
  byMutator: Map<string, number>;
  crashes: Finding[];
  unsound: Finding[];
};

function firstLines(e: unknown): string {
  return String(e instanceof Error ? e.stack : e).split('\n').slice(0, 4).join(' | ');
}

/** Runs cases until MAX_CASES or MAX_WALL_MS, whichever comes first. */
function runFuzz(): FuzzRun {
  const run: FuzzRun = { cases: 0, elapsedMs: 0, slowest: { ms: 0, index: -1 }, outcomes: new Map(), byMutator: new Map(), crashes: [], unsound: [] };
  const started = Date.now();
  for (; run.cases < MAX_CASES && Date.now() - started < MAX_WALL_MS; run.cases++) {
    const c = mutateCase(seeds, SEED, run.cases);
    const t0 = Date.now();
    const r = outcomeOf(c.bytes);
    const ms = Date.now() - t0;
    if (ms > run.slowest.ms) run.slowest = { ms, index: run.cases };
    count(run.outcomes, r.outcome);
    count(run.byMutator, `${c.mutator} ${r.outcome}`);
    const base = { index: run.cases, seed: c.seed.name, mutator: c.mutator };
    if (r.error !== undefined) run.crashes.push({ ...base, detail: firstLines(r.error) });
    // A signature made over other bytes cannot be intact: neither valid nor valid-untrusted may come back.
    if ((r.verdict === 'valid' || r.verdict === 'valid-untrusted') && touchesSignedBytes(c.seed, c.bytes)) {
      run.unsound.push({ ...base, detail: `verdict ${r.verdict} after signed bytes changed (${c.bytes.length} bytes)` });
    }
  }
  run.elapsedMs = Date.now() - started;
  return run;
}

function summary(run: FuzzRun): string {
  const perMutator = (m: Mutator): string => [...run.byMutator]
    .filter(([k]) => k.startsWith(`${m} `)).map(([k, v]) => `${k.slice(m.length + 1)}=${v}`).join(' ');
  return [
    `verify fuzz: seed 0x${SEED.toString(16)}, ${run.cases} cases in ${run.elapsedMs} ms, slowest case #${run.slowest.index} ${run.slowest.ms} ms`,
    ...[...run.outcomes].sort().map(([k, v]) => `  ${k}: ${v}`),
    ...MUTATORS.map((m) => `  [${m}] ${perMutator(m)}`),
    ...run.crashes.slice(0, 20).map((f) => `  CRASH #${f.index} ${f.seed} ${f.mutator}: ${f.detail}`),
    ...run.unsound.slice(0, 20).map((f) => `  UNSOUND #${f.index} ${f.seed} ${f.mutator}: ${f.detail}`),
  ].join('\n');
}

const describeFinding = (f: Finding): string => `#${f.index} ${f.seed} ${f.mutator}: ${f.detail}`;

describe('verify fuzz (in-process verifyPdf; the HTTP endpoint is pending)', () => {
  it('verifies the unmutated seeds as valid', () => {
    for (const s of seeds) expect(outcomeOf(s.pdf).verdict, s.name).toBe('valid');
  });

  it('answers every mutated file with a verdict or a 4xx-class error, and never calls a tampered file valid', () => {
    const run = runFuzz();
    process.stdout.write(`${summary(run)}\n`);
    expect(run.cases).toBeGreaterThan(300);
    expect(run.crashes.map(describeFinding)).toEqual([]);
    expect(run.unsound.map(describeFinding)).toEqual([]);
  }, 180_000);
});
