import { parentPort, workerData } from 'node:worker_threads';
import { setLog } from 'mupdf';
import { renderPageImage, type PageImageLimits } from './page-image.js';

/**
 * Renders one page in a worker thread of its own: MuPDF's WebAssembly memory only grows, so a
 * worker per page gives it back, and the renderer's deadline can stop it without touching the
 * server (src/workers/page-renderer.ts).
 */
export type RenderJob = { readonly pdf: Uint8Array; readonly page: number; readonly limits: PageImageLimits };
export type RenderReply =
  | { readonly ok: true; readonly image: Uint8Array; readonly contentType: 'image/png' | 'image/jpeg' }
  | { readonly ok: false; readonly message: string };

// MuPDF would print its messages to the server's stderr; its errors reach the caller as exceptions.
setLog({});

const job = workerData as RenderJob;
let reply: RenderReply;
try {
  const image = renderPageImage(job.pdf, job.page, job.limits);
  reply = { ok: true, image: image.bytes, contentType: image.contentType };
} catch (e) {
  reply = { ok: false, message: e instanceof Error ? e.message : 'the page could not be rendered' };
}
parentPort!.postMessage(reply, reply.ok ? [reply.image.buffer as ArrayBuffer] : []);
