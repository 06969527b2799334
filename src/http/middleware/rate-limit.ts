import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { DocsealError } from '../../core/errors.js';
import type { Logger } from '../../logging/create-logger.js';

const MINUTE_MS = 60_000;

/**
 * At most `perMinute` requests per client (its address, IPv6 grouped by /56; behind proxies the
 * address `trust proxy` allows) in a fixed one-minute window, kept in memory. Past it: 429
 * `rate_limited` through the error handler, with Retry-After (RFC 9110 §10.2.3) and the
 * RateLimit headers of draft-ietf-httpapi-ratelimit-headers-07.
 */
export function perClientRateLimit(opts: { perMinute: number; log: Logger }): RequestHandler {
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: opts.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Its configuration checks (e.g. X-Forwarded-For without trust proxy) go to our log, not the console.
    logger: { error: (e, msg) => opts.log.error({ err: e }, msg ?? 'rate limiter'), warn: (e, msg) => opts.log.warn({ err: e }, msg ?? 'rate limiter') },
    handler: (_req, _res, next) => {
      next(new DocsealError('rate_limited', `too many requests: at most ${opts.perMinute} per minute; retry after the time in Retry-After`));
    },
  });
}
