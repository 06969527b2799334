import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS } from '../../src/core/limits.js';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import { finishReport } from '../../src/core/verify/verify-pdf.js';
import { VerifyPool } from '../../src/workers/verify-pool.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { signingKit, signRequestFor, TEST_NOW } from '../helpers/signing-setup.js';

let signed: Buffer;
let anchor: Buffer;
const pools: VerifyPool[] = [];

beforeAll(async () => {
  const k = await signingKit();
  const r = await signPdf(signRequestFor(k, 'demo', await makePdfLibDoc(), 'DOC-pool'));
  signed = Buffer.concat([r.original, r.update]);
  anchor = new X509Certificate(k.rootPem).raw;
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** How many of the pool's workers hold a job right now (read through the pool's own slots). */
function runningJobs(p: VerifyPool): () => number {
  const slots = (p as unknown as { slots: { current?: unknown }[] }).slots;
  return () => slots.filter((s) => s.current !== undefined).length;
}

function pool(timeoutMs = 20_000): VerifyPool {
  const p = new VerifyPool({ size: 1, timeoutMs, maxHeapMb: 256, anchors: [anchor] });
  pools.push(p);
  return p;
}

describe('VerifyPool', () => {
  it('verifies in a worker thread', async () => {
    const facts = await pool().verify(signed, TEST_NOW);
    expect(finishReport(facts, []).verdict).toBe('valid');
  });

  it('carries typed errors back from the worker', async () => {
    await expect(pool().verify(Buffer.from('not a pdf at all'), TEST_NOW)).rejects.toMatchObject({ code: 'not_pdf' });
  });

  it('stops a file that overruns its time, and keeps serving', async () => {
    const p = pool(1);
    await expect(p.verify(signed, TEST_NOW)).rejects.toMatchObject({ code: 'limit_exceeded' });
    const p2 = pool();
    const results = await Promise.all([p2.verify(signed, TEST_NOW), p2.verify(signed, TEST_NOW)]);
    expect(results.map((f) => finishReport(f, []).verdict)).toEqual(['valid', 'valid']);
  });

  it('answers busy, with the seconds to wait, beyond its queue bound instead of holding every upload in memory', async () => {
    const p = new VerifyPool({ size: 1, timeoutMs: 20_000, maxHeapMb: 256, anchors: [anchor], maxQueue: 2 });
    pools.push(p);
    const jobs = Array.from({ length: 5 }, () => p.verify(signed, TEST_NOW));
    const outcomes = await Promise.allSettled(jobs);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'busy', details: { retryAfterSeconds: 5 } });
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
  });

  it('runs no more jobs at once than their decode budgets fit in the in-flight budget, however many workers it has', async () => {
    const limits = { ...DEFAULT_PDF_LIMITS, maxDecodedBytes: 64 * 1024 * 1024 };
    const p = new VerifyPool({ size: 3, timeoutMs: 20_000, maxHeapMb: 256, anchors: [anchor], limits, maxDecodedBytesInFlight: 100 * 1024 * 1024 });
    pools.push(p);
    const running = runningJobs(p);
    const jobs = Array.from({ length: 4 }, () => p.verify(signed, TEST_NOW));
    let most = running();
    const sampler = setInterval(() => (most = Math.max(most, running())), 1);
    const verdicts = (await Promise.all(jobs)).map((f) => finishReport(f, []).verdict);
    clearInterval(sampler);
    expect(verdicts).toEqual(['valid', 'valid', 'valid', 'valid']);
    expect(most).toBe(1);
  });

  it('refuses an in-flight budget that holds no job', () => {
    expect(() => new VerifyPool({ size: 1, timeoutMs: 1_000, maxHeapMb: 64, anchors: [], maxDecodedBytesInFlight: 1024 })).toThrow(RangeError);
  });
});
