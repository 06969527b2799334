import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging/create-logger.js';
import '../request-context.js';

/** 256 random bits as unpadded base64url (RFC 4648 §5): the shape of an applicant token. */
const TOKEN_SHAPED = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * An applicant token in a URL is a credential: the log shows where it was, never the token. The path
 * is masked however it is spelled (routing is case-sensitive, but a mistyped `/D/<token>` or
 * `/%64/<token>` still reaches the log): any segment after a `d` segment, in any case or %-escaping,
 * and any segment holding a token-shaped run. The query is dropped.
 */
export function loggedPath(originalUrl: string): string {
  const segments = originalUrl.split('?')[0]!.split('/');
  const masked = segments.map((segment, i) => {
    const afterD = i > 0 && decoded(segments[i - 1]!).toLowerCase() === 'd';
    return afterD || TOKEN_SHAPED.test(decoded(segment)) ? '[token]' : segment;
  });
  return masked.join('/');
}

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
