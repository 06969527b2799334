import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { hugeContentStream, objectStreamBombs, repeatedContentBomb } from '../helpers/decode-bombs.js';
import { lzwEncode, runLengthEncode } from '../helpers/filter-encoders.js';
import { makePdfLibDoc } from '../helpers/pdf-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const MIB = 1024 * 1024;
/** The service's default budget for one job; the in-flight budget is set to one job, so two uploads cannot take two. */
const JOB_BUDGET = 256 * MIB;
const HEADROOM = 150 * MIB;

/** Samples this process's RSS (it holds the verifier pool and its worker threads) while `work` runs. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

/** Fetches /healthz one after another while `work` runs; the latencies include any stall of the event loop. */
async function healthLatencies<T>(server: Server, work: () => Promise<T>): Promise<{ result: T; latencies: number[] }> {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  const latencies: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const start = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    return { result: await work(), latencies };
  } finally {
    done = true;
    await probe;
  }
}

const mib = (n: number): string => `${(n / MIB).toFixed(0)} MiB`;

describe('memory per verification and signing (real app, verifier workers)', () => {
  let t: TestApp;
  let server: Server;
  let baseline: number;
  let nextClient = 1;
  let plainPdf: Buffer;
  const verify = (pdf: Buffer) =>
    request(t.app).post('/api/v1/verify').set('X-Forwarded-For', `198.51.100.${nextClient++}`).attach('file', pdf, 'upload.pdf');
  const sign = (pdf: Buffer) => request(t.app).post('/api/v1/documents').set('Authorization', `Bearer ${t.keys.demo}`).attach('file', pdf, 'in.pdf');
  /** 12 object streams of 60 MiB each (720 MiB decoded), 7 KB on disk. */
  const bomb = objectStreamBombs(12, 60 * MIB);
  /** The same under LZW and RunLength (each under Flate); built before the baseline, as `bomb` is. */
  const otherBombs: [string, Buffer][] = [
    ['LZW', objectStreamBombs(12, 60 * MIB, { filter: '[/FlateDecode /LZWDecode]', pack: (raw) => deflateSync(lzwEncode(raw), { level: 9 }) })],
    ['RunLength', objectStreamBombs(12, 60 * MIB, { filter: '[/FlateDecode /RunLengthDecode]', pack: (raw) => deflateSync(runLengthEncode(raw), { level: 9 }) })],
  ];

  beforeAll(async () => {
    t = await startTestApp('http_memory', { trustProxy: 1, memory: { maxDecodedBytes: JOB_BUDGET, maxDecodedBytesInFlight: JOB_BUDGET } });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    // The first fetch loads the HTTP client; its start-up is no stall of the service.
    await healthLatencies(server, async () => undefined);
    // Warm the workers and the routes so the baseline holds what a running service holds.
    const plain = (plainPdf = await makePdfLibDoc({ pages: 1 }));
    expect((await verify(plain)).status).toBe(200);
    // The first signing loads and compiles what every later one reuses (seal font subsetting, CMS).
    expect((await sign(plain)).status).toBe(201);
    baseline = process.memoryUsage.rss();
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await t?.close();
  });

  it('refuses a small upload whose decoded streams exceed the budget with 422 limit_exceeded, RSS within budget + 150 MiB', async () => {
    expect(bomb.length).toBeLessThan(300 * 1024);
    const { result: res, peak } = await peakRss(() => verify(bomb));
    console.log(`one bomb (${bomb.length} bytes): ${res.status} ${res.body.error?.code}; RSS baseline ${mib(baseline)}, peak ${mib(peak)}, growth ${mib(peak - baseline)}`);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'limit_exceeded' });
    expect(peak - baseline).toBeLessThan(JOB_BUDGET + HEADROOM);
  }, 120_000);

  it.each(otherBombs)('refuses the same bomb written with %s like the deflate one: 422 limit_exceeded, RSS within budget + 150 MiB', async (_name, other) => {
    expect(other.length).toBeLessThan(300 * 1024);
    const { result: res, peak } = await peakRss(() => verify(other));
    console.log(`${_name} bomb (${other.length} bytes): ${res.status} ${res.body.error?.code}; RSS peak ${mib(peak)}, growth ${mib(peak - baseline)}`);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'limit_exceeded' });
    expect(peak - baseline).toBeLessThan(JOB_BUDGET + HEADROOM);
  }, 120_000);

  it('two such uploads at once share the in-flight budget: both refused, RSS still within budget + 150 MiB', async () => {
    const { result, peak } = await peakRss(() => Promise.all([verify(bomb), verify(bomb)]));
    console.log(`two bombs at once: ${result.map((r) => `${r.status} ${r.body.error?.code}`).join(', ')}; RSS peak ${mib(peak)}, growth ${mib(peak - baseline)}`);
    expect(result.map((r) => [r.status, r.body.error?.code])).toEqual([
      [422, 'limit_exceeded'],
      [422, 'limit_exceeded'],
    ]);
    expect(peak - baseline).toBeLessThan(JOB_BUDGET + HEADROOM);
  }, 120_000);

  it.each([
    ['a plain one-page PDF (for comparison)', () => plainPdf, false],
    ['a /Contents array listing one 60 MiB stream 50 times', () => repeatedContentBomb(50, 60 * MIB), true],
    ['a legal content stream of 60 MiB', () => hugeContentStream(60 * MIB), true],
    // Read to its end (a million q/Q pairs draw nothing, so the seal finds its corner free).
    ['a legal content stream just under the placement bound, of the slowest operators', () => hugeContentStream(4 * MIB - 1024), false],
  ])('signs %s, /healthz answering meanwhile (latency measured and printed, not asserted)', async (_name, build, overlaps) => {
    const pdf = build();
    const before = process.memoryUsage.rss();
    const started = performance.now();
    const { result: measured, latencies } = await healthLatencies(server, () => peakRss(() => sign(pdf)));
    const { result: res, peak } = measured;
    const ms = performance.now() - started;
    const worst = Math.max(...latencies);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `${_name} (${pdf.length} bytes): ${res.status} in ${ms.toFixed(0)} ms; /healthz ${latencies.length} probes, ` +
        `median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, max ${worst.toFixed(1)} ms; RSS growth ${mib(peak - before)} in the call, ${mib(peak - baseline)} since the start`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body.warnings as { code: string }[]).map((w) => w.code).includes('seal_overlaps_content')).toBe(overlaps);
    // Timing is the benchmark's to judge on a quiet machine; here the probes must simply get through
    // while the page is read (placement pauses between slices: test/core/seal/page-occupancy.test.ts).
    expect(latencies.length).toBeGreaterThan(0);
    expect(peak - before).toBeLessThan(JOB_BUDGET + HEADROOM);
  }, 120_000);
});
