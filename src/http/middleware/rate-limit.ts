import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { DocsealError } from '../../core/errors.js';
import type { Logger } from '../../logging/create-logger.js';
import '../request-context.js';

const MINUTE_MS = 60_000;

/** A limit of `perMinute` requests, counted in `store` (one store per limiter: see rate-limit-store.ts). */
export type RateLimitOptions = { readonly perMinute: number; readonly store: Store; readonly log: Logger };

/**
 * At most `perMinute` requests per client (its address, IPv6 grouped by /56; behind proxies the
 * address `trust proxy` allows) in a fixed one-minute window, counted in the store (the database, so
 * every instance of the service shares it). Past it: 429 `rate_limited` through the error handler,
 * with Retry-After (RFC 9110 §10.2.3) and the RateLimit headers of draft-ietf-httpapi-ratelimit-headers-07.
 */
export function perClientRateLimit(opts: RateLimitOptions): RequestHandler {
  return limiter(opts);
}

/**
 * The same limit per API key, for endpoints behind requireApiKey (one department's clients behind one
 * address do not share it; one key spread over many addresses does). Without a key: per client.
 */
export function perApiKeyRateLimit(opts: RateLimitOptions): RequestHandler {
  return limiter({ ...opts, keyGenerator: (req) => (req.auth ? `key:${req.auth.keyId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`) });
}

function limiter(opts: RateLimitOptions & { keyGenerator?: (req: Request) => string }): RequestHandler {
  return rateLimit({
    ...(opts.keyGenerator ? { keyGenerator: opts.keyGenerator } : {}),
    store: opts.store,
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
