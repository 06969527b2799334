import { Worker } from 'node:worker_threads';
import { DocsealError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../core/limits.js';
import type { VerificationFacts } from '../core/verify/verify-pdf.js';
import type { VerifyJob, VerifyReply } from './verify-worker.js';

export type VerifyPoolOptions = {
  readonly size: number;
  /** Wall time per file; past it the worker is terminated and the file refused. */
  readonly timeoutMs: number;
  /** Old-generation heap per worker. */
  readonly maxHeapMb: number;
  readonly anchors: readonly Buffer[];
  readonly crls?: readonly Buffer[];
  /** Files waiting for a worker; each holds a copy of its upload, so the queue is bounded (default 32). */
  readonly maxQueue?: number;
  /** Bounds of one verification; its `maxDecodedBytes` is what a job takes of `maxDecodedBytesInFlight`. */
  readonly limits?: PdfLimits;
  /**
   * Decoded bytes all running verifications may hold together (default: two jobs' budgets). Decoded
   * Buffers are outside the workers' heap caps, so without it N uploads at once could take N budgets.
   */
  readonly maxDecodedBytesInFlight?: number;
};

/** What a client refused with `busy` is told to wait (RFC 9110 §10.2.3), in seconds. */
const BUSY_RETRY_AFTER_SECONDS = 5;

const WORKER_TS = new URL('./verify-worker.ts', import.meta.url);
const WORKER_JS = new URL('./verify-worker.js', import.meta.url);

type Pending = { job: VerifyJob; resolve: (f: VerificationFacts) => void; reject: (e: Error) => void };
/** `retiring`: the worker is being stopped to free what its last job decoded; it counts as running until then. */
type Slot = { worker: Worker; current?: Pending; timer?: NodeJS.Timeout; retiring?: boolean };

/**
 * A fixed pool of verifier workers with a queue. Each job has a deadline; a worker that overruns it
 * or dies (heap cap, crash) is replaced and the job answers `limit_exceeded`.
 *
 * Admission: a job starts only while the decode budgets of the running jobs and its own fit in
 * `maxDecodedBytesInFlight` (invariant: running jobs × job budget ≤ that bound); the others wait in
 * the bounded queue, and past the queue the pool answers `busy` (503 with Retry-After).
 */
export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly limits: PdfLimits;
  private readonly maxRunning: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: VerifyPoolOptions) {
    this.limits = opts.limits ?? DEFAULT_PDF_LIMITS;
    const inFlight = opts.maxDecodedBytesInFlight ?? 2 * this.limits.maxDecodedBytes;
    this.maxRunning = Math.floor(inFlight / this.limits.maxDecodedBytes);
    if (this.maxRunning < 1) throw new RangeError('maxDecodedBytesInFlight must hold at least one job\'s maxDecodedBytes.');
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  verify(bytes: Buffer, now: Date): Promise<VerificationFacts> {
    if (this.closed) return Promise.reject(new DocsealError('internal', 'The verifier is shutting down.'));
    if (this.queue.length >= (this.opts.maxQueue ?? 32)) {
      return Promise.reject(
        new DocsealError('busy', 'The verifier is busy; try again after the time in Retry-After.', { retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS }),
      );
    }
    return new Promise((resolve, reject) => {
      const job: VerifyJob = {
        id: this.nextId++,
        bytes: new Uint8Array(bytes),
        anchors: this.opts.anchors.map((a) => new Uint8Array(a)),
        crls: (this.opts.crls ?? []).map((c) => new Uint8Array(c)),
        now: now.getTime(),
        limits: this.limits,
      };
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * For readiness: not closed, and every worker thread is running (threadId is -1 once a worker
   * stopped), or being replaced on purpose after a refused job.
   */
  alive(): boolean {
    return !this.closed && this.slots.length > 0 && this.slots.every((s) => s.retiring || s.worker.threadId >= 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new DocsealError('internal', 'The verifier is shutting down.'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const resourceLimits = { maxOldGenerationSizeMb: this.opts.maxHeapMb };
    const worker = import.meta.url.endsWith('.ts')
      ? // Under tsx (tests, `npm run docseal`) the worker is TypeScript: register tsx inside it first.
        new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(WORKER_TS.href)}); })`, {
          eval: true,
          resourceLimits,
        })
      : new Worker(WORKER_JS, { resourceLimits });
    const slot: Slot = { worker };
    worker.on('message', (reply: VerifyReply) => this.settle(slot, reply));
    worker.on('error', () => this.fail(slot, 'The file exhausted the verifier\'s memory or crashed it.'));
    worker.on('exit', () => {
      if (slot.current) this.fail(slot, 'The verifier stopped while reading the file.');
    });
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || slot.retiring || this.queue.length === 0) continue;
      if (this.running() >= this.maxRunning) return;
      const p = this.queue.shift()!;
      slot.current = p;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.fail(slot, 'Verifying the file took too long.'), this.opts.timeoutMs);
      slot.worker.postMessage(p.job, [p.job.bytes.buffer as ArrayBuffer]);
    }
  }

  private running(): number {
    return this.slots.filter((s) => s.current !== undefined || s.retiring).length;
  }

  private settle(slot: Slot, reply: VerifyReply): void {
    const p = slot.current;
    if (!p || p.job.id !== reply.id) return;
    this.release(slot);
    if (reply.ok) p.resolve(reply.facts);
    else p.reject(new DocsealError(asCode(reply.error.code), reply.error.message, reply.error.details));
    // A job refused for a limit may have decoded up to its whole budget, which the worker's heap frees
    // only when it next collects; stopping the worker frees it now, before another job is admitted.
    if (!reply.ok && reply.error.code === 'limit_exceeded') this.retire(slot);
    else this.dispatch();
  }

  private retire(slot: Slot): void {
    slot.retiring = true;
    void slot.worker.terminate().finally(() => {
      const i = this.slots.indexOf(slot);
      if (i >= 0 && !this.closed) this.slots[i] = this.spawn();
      this.dispatch();
    });
  }

  /** Replaces the worker: after a timeout or a crash its state cannot be trusted. */
  private fail(slot: Slot, message: string): void {
    const p = slot.current;
    this.release(slot);
    const i = this.slots.indexOf(slot);
    void slot.worker.terminate();
    if (i >= 0 && !this.closed) this.slots[i] = this.spawn();
    p?.reject(new DocsealError('limit_exceeded', message));
    this.dispatch();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.current = undefined;
    slot.timer = undefined;
    slot.worker.unref();
  }
}

function asCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'corrupt_pdf';
}
