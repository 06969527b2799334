import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('refuses work beyond its queue bound instead of holding every upload in memory', async () => {
    const p = new VerifyPool({ size: 1, timeoutMs: 20_000, maxHeapMb: 256, anchors: [anchor], maxQueue: 2 });
    pools.push(p);
    const jobs = Array.from({ length: 5 }, () => p.verify(signed, TEST_NOW));
    const outcomes = await Promise.allSettled(jobs);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'rate_limited' });
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
  });
});
