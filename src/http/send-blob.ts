import type { Readable } from 'node:stream';
import type { Response } from 'express';

/**
 * Streams a blob. A failure before the first byte (blob missing) reaches the error handler as a 500;
 * after it the status is sent, so the connection is cut and the client sees a short body.
 */
export function sendBlob(blob: Readable, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    blob.once('error', (e) => {
      blob.unpipe(res);
      if (!res.headersSent) return reject(e);
      res.destroy(e);
      resolve();
    });
    res.once('close', () => {
      blob.destroy();
      resolve();
    });
    blob.pipe(res);
  });
}
