import { createHash, type Hash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { DocsealError, isDocsealError } from '../core/errors.js';

/** The uploaded file as the signing route sees it: all bytes, and a SHA-256 over them not yet digested. */
export type UploadedFile = {
  readonly buffer: Buffer;
  readonly size: number;
  readonly hash: Hash;
  readonly originalname: string;
};

type LimitHook = (req: Request) => void;

/**
 * Keeps the file in memory (the signer needs all of it, and the original is the first part of the
 * output) while hashing each chunk as it arrives, so the original is never hashed a second time.
 * Chunks are concatenated once, at the end. When busboy reports the size limit, buffering stops and
 * `onLimit` lets the route answer 413 while the rest of the body is still arriving (and discarded).
 */
class HashingMemoryStorage implements multer.StorageEngine {
  constructor(private readonly onLimit: LimitHook) {}

  _handleFile(req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    const hash = createHash('sha256');
    let chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    file.stream.on('data', (chunk: Buffer) => {
      if (truncated) return;
      hash.update(chunk);
      chunks.push(chunk);
      size += chunk.length;
    });
    file.stream.once('limit', () => {
      truncated = true;
      chunks = [];
      this.onLimit(req);
    });
    file.stream.once('end', () => {
      if (truncated) return cb(null, { size });
      const info = { buffer: Buffer.concat(chunks, size), size, hash };
      chunks = [];
      cb(null, info as Partial<Express.Multer.File>);
    });
  }

  _removeFile(_req: Request, file: Express.Multer.File & { hash?: Hash }, cb: (error: Error | null) => void): void {
    delete (file as { buffer?: Buffer }).buffer;
    delete file.hash;
    cb(null);
  }
}

function tooLarge(maxBytes: number): DocsealError {
  return new DocsealError('too_large', `the file is larger than the limit of ${maxBytes} bytes`, { maxBytes });
}

/**
 * Multer and busboy errors enter here and leave as DocsealErrors. Our storage engine never fails, so
 * every other error from the parser is the client's: a malformed or truncated body, an extra file or
 * field, a request aborted half-way.
 */
function translateUploadError(err: unknown, maxBytes: number): DocsealError {
  if (isDocsealError(err)) return err;
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return tooLarge(maxBytes);
    if (err.code === 'LIMIT_UNEXPECTED_FILE') {
      return new DocsealError('invalid_request', 'send exactly one file, in the multipart field "file"');
    }
    return new DocsealError('invalid_request', `multipart body rejected: ${err.message}`, { multer: err.code });
  }
  return new DocsealError('invalid_request', 'malformed multipart/form-data body');
}

/**
 * Parses one multipart upload with the file in `field`, per route (never global), with every busboy
 * limit set: a request can make us hold at most `maxBytes` of file plus a few small fields.
 */
export function singleFileUpload(field: string, maxBytes: number): RequestHandler {
  const settleEarly = new WeakMap<Request, () => void>();
  const storage = new HashingMemoryStorage((req) => settleEarly.get(req)?.());
  const parse = multer({
    storage,
    limits: { fileSize: maxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024, headerPairs: 200, fieldNameSize: 200 },
  }).single(field);
  // The limits above bound everything but the file to a little over 1.3 MiB of fields and part headers.
  const maxBody = maxBytes + 2 * 1024 * 1024;
  return (req, res, next) => {
    // A declared length over what the limits could ever accept is refused before reading a byte.
    if (Number(req.headers['content-length']) > maxBody) return next(tooLarge(maxBytes));
    let settled = false;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      settleEarly.delete(req);
      next(err === undefined ? undefined : translateUploadError(err, maxBytes));
    };
    settleEarly.set(req, () => settle(tooLarge(maxBytes)));
    parse(req, res, settle);
  };
}

/** The file singleFileUpload stored, or undefined when the request carried none. */
export function uploadedFile(req: Request): UploadedFile | undefined {
  const file = req.file as (Express.Multer.File & { hash?: Hash }) | undefined;
  if (!file?.buffer || !file.hash) return undefined;
  return { buffer: file.buffer, size: file.size, hash: file.hash, originalname: file.originalname };
}
