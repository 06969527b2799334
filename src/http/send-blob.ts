import type { Readable } from 'node:stream';
import type { Response } from 'express';

/**
 * Streams a blob. A failure before the first byte (blob missing, or failing its hash check) reaches the
 * error handler; after it the status is sent, so the connection is cut and the client sees a short body.
 */
export function sendBlob(blob: Readable, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    blob.once('error', (e) => {
      blob.unpipe(res);
      if (!res.headersSent) {
        // The error answer that follows is not the file the route announced.
        for (const header of ['Content-Type', 'Content-Disposition', 'Content-Length', 'ETag']) res.removeHeader(header);
        return reject(e);
      }
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
