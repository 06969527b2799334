import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging/create-logger.js';
import '../request-context.js';

/** An applicant token in a URL is a credential: the log shows where it was, never the token. */
const APPLICANT_TOKEN = /^\/d\/[^/]+/;

export const loggedPath = (originalUrl: string): string => originalUrl.split('?')[0]!.replace(APPLICANT_TOKEN, '/d/[token]');

/**
 * Gives every request an id (X-Request-Id, on every log line of that request) and logs one line when
 * the response is done. Only method, path (without the query, applicant tokens masked), status and
 * timing are logged: headers may carry API keys.
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
        { method: req.method, path: loggedPath(req.originalUrl), status: res.statusCode, ms: Math.round(ms), department: req.auth?.department },
        res.writableFinished ? 'request done' : 'request aborted',
      );
    });
    next();
  };
}
