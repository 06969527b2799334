import type { RequestHandler } from 'express';
import type { Store } from 'express-rate-limit';
import type { Logger } from '../../logging/create-logger.js';
import { optionalApiKey, type Authenticate } from './auth.js';
import { perApiKeyRateLimit, perClientRateLimit } from './rate-limit.js';
import '../request-context.js';

export type KeyOrClientRateLimitOptions = {
  readonly authenticate: Authenticate;
  /** The role a key must carry (else 403 `forbidden`). */
  readonly role: string;
  readonly perClient: { readonly perMinute: number; readonly store: Store };
  readonly perKey: { readonly perMinute: number; readonly store: Store };
  readonly log: Logger;
};

/**
 * For a public endpoint a department may also call as itself: an anonymous request counts against its
 * address's limit; a request with a valid key carrying `role` counts against that key's own quota
 * only, so a department behind a shared address (or checking a batch) is not held to the public's
 * limit. A wrong, revoked or under-privileged key is refused (401 / 403, never treated as anonymous)
 * and counted against the address, so guessing keys costs as much as anonymous requests; once that
 * limit is spent the refusal is 429. Both counts are taken before the body is read.
 */
export function keyOrClientRateLimit(opts: KeyOrClientRateLimitOptions): RequestHandler {
  const perClient = perClientRateLimit({ ...opts.perClient, log: opts.log });
  const perKey = perApiKeyRateLimit({ ...opts.perKey, log: opts.log });
  const authenticate = optionalApiKey(opts.authenticate, opts.role);
  return (req, res, next) => {
    if (req.headers.authorization === undefined) {
      perClient(req, res, next);
      return;
    }
    void authenticate(req, res, (refused?: unknown) => {
      if (refused === undefined) {
        perKey(req, res, next);
        return;
      }
      void perClient(req, res, (limited?: unknown) => next(limited ?? refused));
    });
  };
}
