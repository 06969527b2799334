import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging/create-logger.js';
import '../request-context.js';

/**
 * Gives every request an id (X-Request-Id, on every log line of that request) and logs one line when
 * the response is done. Only method, path (without the query), status and timing are logged: headers
 * may carry API keys.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.id = randomUUID();
    req.log = log.child({ requestId: req.id });
    res.setHeader('X-Request-Id', req.id);
    res.on('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log.info(
        { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms), department: req.auth?.department },
        res.writableFinished ? 'request done' : 'request aborted',
      );
    });
    next();
  };
}
