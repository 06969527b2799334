import { parentPort } from 'node:worker_threads';
import { isDocsealError } from '../core/errors.js';
import type { PdfLimits } from '../core/limits.js';
import { verifyPdf, type VerificationFacts } from '../core/verify/verify-pdf.js';

/**
 * Runs the verifier on one file at a time, inside a worker thread whose heap is capped by the pool:
 * a hostile file that breaches a limit can kill this worker, never the server (docs/verifier-defences.md, "hostile
 * structure"). The job's limits carry its decode budget, which bounds the Buffers the heap cap does not.
 */
export type VerifyJob = { id: number; bytes: Uint8Array; anchors: Uint8Array[]; crls: Uint8Array[]; now: number; limits: PdfLimits };
export type VerifyReply =
  | { id: number; ok: true; facts: VerificationFacts }
  | { id: number; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

parentPort?.on('message', (job: VerifyJob) => {
  let reply: VerifyReply;
  try {
    const facts = verifyPdf({
      bytes: Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength),
      anchors: job.anchors.map((a) => Buffer.from(a)),
      crls: job.crls.map((c) => Buffer.from(c)),
      now: new Date(job.now),
      limits: job.limits,
    });
    reply = { id: job.id, ok: true, facts };
  } catch (e) {
    const error = isDocsealError(e)
      ? { code: e.code, message: e.message, ...(e.details ? { details: { ...e.details } } : {}) }
      : { code: 'corrupt_pdf', message: 'The PDF could not be read.' };
    reply = { id: job.id, ok: false, error };
  }
  parentPort!.postMessage(reply);
});
