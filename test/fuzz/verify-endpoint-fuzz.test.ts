import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/core/verify/verify-pdf.js';
import { makeLegitimateFixtures } from '../helpers/independent-signers.js';
import { signingKit } from '../helpers/signing-setup.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { makeTempDir, removeDir } from '../helpers/tool-run.js';
import { mutateCase, touchesSignedBytes, type FuzzSeed } from './pdf-mutations.js';

/**
 * The fuzz test through the real HTTP stack: mutated signed files posted
 * to POST /api/v1/verify, where verification runs in the worker pool. Every answer is a verdict or a
 * 4xx JSON error with a code; never a 5xx, never a hang (bounded by count and wall time), and a file
 * whose signed bytes changed is never called valid.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x0bad_f00d);
const MAX_CASES = Number(process.env.FUZZ_ENDPOINT_CASES ?? 1000);
const MAX_WALL_MS = 45_000;
const SEED_FIXTURES = ['ours-demo', 'ours-twice-rsa-ec', 'pyhanko-certified-p2'];

let t: TestApp;
let dir: string;
let seeds: FuzzSeed[];

beforeAll(async () => {
  t = await startTestApp('fuzz_endpoint', { verifyRateLimit: 1_000_000 });
  dir = makeTempDir('docseal-fuzz-http-');
  const set = await makeLegitimateFixtures(dir, await signingKit());
  seeds = SEED_FIXTURES.map((name) => {
    const pdf = set.fixtures.find((f) => f.name === name)!.pdf;
    const signedSpans = verifyPdf({ bytes: pdf, anchors: set.anchors, now: new Date() }).report.signatures.map((s) => {
      const [a, b, c, d] = s.byteRange!;
      return [[a!, a! + b!], [c!, c! + d!]] as Array<readonly [number, number]>;
    });
    return { name, pdf, signedSpans };
  });
}, 180_000);

afterAll(async () => {
  await t?.close();
  removeDir(dir);
});

describe('POST /api/v1/verify under fuzzing', () => {
  it('answers every mutated file with a verdict or a 4xx code, and never calls a changed file valid', async () => {
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    const started = Date.now();
    let cases = 0;
    for (; cases < MAX_CASES && Date.now() - started < MAX_WALL_MS; cases++) {
      const c = mutateCase(seeds, SEED, cases);
      const res = await request(t.app).post('/api/v1/verify').attach('file', c.bytes, { filename: 'f.pdf', contentType: 'application/pdf' });
      const key = res.status === 200 ? `200 ${res.body.verdict}` : `${res.status} ${res.body?.error?.code}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (res.status >= 500 || (res.status !== 200 && typeof res.body?.error?.code !== 'string')) problems.push(`case ${cases} (${c.mutator}): ${res.status}`);
      const trusted = res.body?.verdict === 'valid' || res.body?.verdict === 'valid-untrusted';
      if (res.status === 200 && trusted && touchesSignedBytes(c.seed, c.bytes)) problems.push(`case ${cases} (${c.mutator}): ${res.body.verdict}`);
    }
    console.log(`verify endpoint fuzz: ${cases} cases in ${Date.now() - started} ms`, Object.fromEntries(statuses));
    expect(cases).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  }, 120_000);
});
