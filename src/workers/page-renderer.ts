import { Worker } from 'node:worker_threads';
import { DocsealError } from '../core/errors.js';
import type { PageImage, PageRenderer } from '../services/document-preview.js';
import type { PageImageLimits } from './page-image.js';
import type { RenderJob, RenderReply } from './render-worker.js';

export type WorkerPageRendererOptions = PageImageLimits & {
  /** Wall time per page; past it the worker is terminated and the page refused. */
  readonly timeoutMs: number;
  /** Old-generation heap of each worker (MuPDF's WebAssembly memory is outside it). */
  readonly maxHeapMb: number;
  /** Pages rendered at once; the rest wait, at most `maxQueue` of them (default 8). */
  readonly concurrency: number;
  readonly maxQueue?: number;
};

/**
 * What the public page's preview uses: 1100 px on the longer side keeps a page's text readable and its
 * seal's QR code decodable, and 300 KiB holds a text page as PNG and a scanned one as JPEG.
 */
export const PREVIEW_RENDERER_OPTIONS: WorkerPageRendererOptions = {
  longestSidePx: 1100,
  maxBytes: 300 * 1024,
  timeoutMs: 15_000,
  maxHeapMb: 256,
  concurrency: 1,
};

const WORKER_TS = new URL('./render-worker.ts', import.meta.url);
const WORKER_JS = new URL('./render-worker.js', import.meta.url);

function spawnWorker(job: RenderJob, maxHeapMb: number): Worker {
  const options = { workerData: job, transferList: [job.pdf.buffer as ArrayBuffer], resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } };
  return import.meta.url.endsWith('.ts')
    ? // Under tsx (tests, `npm run docseal`) the worker is TypeScript: register tsx inside it first.
      new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(WORKER_TS.href)}); })`, { ...options, eval: true })
    : new Worker(WORKER_JS, options);
}

/**
 * Renders pages with MuPDF off the event loop, one worker thread per page, under a deadline and a
 * heap cap: a page that takes too long or crashes its renderer is refused and the server goes on.
 */
export class WorkerPageRenderer implements PageRenderer {
  private readonly workers = new Set<Worker>();
  private readonly waiting: { start: () => void; refuse: (e: Error) => void }[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly opts: WorkerPageRendererOptions) {}

  async render(pdf: Buffer, page: number): Promise<PageImage> {
    await this.turn();
    try {
      return await this.run(pdf, page);
    } finally {
      this.running--;
      this.waiting.shift()?.start();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.refuse(new DocsealError('internal', 'The renderer is shutting down.'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private turn(): Promise<void> {
    if (this.closed) return Promise.reject(new DocsealError('internal', 'The renderer is shutting down.'));
    if (this.running < this.opts.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= (this.opts.maxQueue ?? 8)) {
      return Promise.reject(new DocsealError('rate_limited', 'The renderer is busy; try again shortly.'));
    }
    // A waiter takes over the slot of the render that ends before it, so `running` is not decremented.
    return new Promise((resolve, reject) => {
      this.waiting.push({ start: () => { this.running++; resolve(); }, refuse: reject });
    });
  }

  private run(pdf: Buffer, page: number): Promise<PageImage> {
    const { longestSidePx, maxBytes } = this.opts;
    const worker = spawnWorker({ pdf: new Uint8Array(pdf), page, limits: { longestSidePx, maxBytes } }, this.opts.maxHeapMb);
    this.workers.add(worker);
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: PageImage | Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.workers.delete(worker);
        void worker.terminate();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const timer = setTimeout(() => finish(new DocsealError('limit_exceeded', 'Rendering the page took too long.')), this.opts.timeoutMs);
      worker.once('message', (reply: RenderReply) =>
        finish(reply.ok ? { bytes: Buffer.from(reply.image), contentType: reply.contentType } : new DocsealError('unsupported_pdf', `The page could not be rendered: ${reply.message}.`)),
      );
      worker.once('error', () => finish(new DocsealError('limit_exceeded', "The page exhausted the renderer's memory or crashed it.")));
      worker.once('exit', () => finish(new DocsealError('limit_exceeded', 'The renderer stopped before it finished.')));
    });
  }
}
