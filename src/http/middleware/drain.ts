import type { RequestHandler } from 'express';
import { DocsealError } from '../../core/errors.js';

/** Whether the service is shutting down; set once, by the shutdown, never cleared. */
export class Drain {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  start(): void {
    this.#draining = true;
  }
}

/** The probes a load balancer asks while the service drains: /readyz then says it is going away. */
const PROBES: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * While draining, every response closes its connection (RFC 9112 §9.6 `Connection: close`), so a kept-
 * alive client opens its next connection elsewhere, and a new request on a connection that was already
 * open is refused as 503 `busy` instead of starting work the shutdown would cut off.
 */
export function drainGuard(drain: Drain): RequestHandler {
  return (req, res, next) => {
    if (!drain.draining) {
      next();
      return;
    }
    res.setHeader('Connection', 'close');
    if (PROBES.has(req.path)) {
      next();
      return;
    }
    next(new DocsealError('busy', 'The service is shutting down; try again after the time in Retry-After.', { retryAfterSeconds: 1 }));
  };
}
