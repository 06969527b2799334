import type { Router } from 'express';
import type { ListAuditEvents } from '../../services/list-audit-events.js';
import type { AuditLog } from '../../storage/audit-log.js';
import type { RateLimitStoreFactory } from '../../storage/rate-limit-store.js';
import type { Logger } from '../../logging/create-logger.js';
import { requireApiKey, type Authenticate } from '../middleware/auth.js';
import { perApiKeyRateLimit } from '../middleware/rate-limit.js';
import { parseAuditQuery } from '../schemas/audit-query.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type AuditRoutesDeps = {
  readonly authenticate: Authenticate;
  readonly listAuditEvents: ListAuditEvents;
  readonly audit: Pick<AuditLog, 'verifyFor'>;
  /** Chain checks per API key and minute: each walks the whole log (default AUDIT_VERIFY_PER_MINUTE). */
  readonly auditVerifyRateLimit?: number;
  /** The limiters' counters, shared by every instance of the service. */
  readonly rateLimitStore: RateLimitStoreFactory;
  readonly log: Logger;
};

const AUDIT_VERIFY_PER_MINUTE = 6;

/**
 * /api/v1/audit (role "read"): the caller's department's own events, newest first, paged by `before`
 * (pass `nextBefore`); and /verify, which walks the whole chain but answers about the department's own
 * events only (`docseal audit verify` gives the operator the full view). It reads every event, so it
 * is rate limited per API key.
 */
export function auditRoutes(deps: AuditRoutesDeps): Router {
  const router = caseSensitiveRouter();
  const read = requireApiKey(deps.authenticate, 'read');
  router.get('/', read, async (req, res) => {
    const query = parseAuditQuery(req.query);
    const events = await deps.listAuditEvents({ ...query, department: req.auth!.department });
    const last = events.at(-1);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ events, nextBefore: events.length === query.limit && last ? last.seq : null });
  });
  const verifyLimit = perApiKeyRateLimit({ perMinute: deps.auditVerifyRateLimit ?? AUDIT_VERIFY_PER_MINUTE, store: deps.rateLimitStore('audit-verify'), log: deps.log });
  router.get('/verify', read, verifyLimit, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.audit.verifyFor(req.auth!.department));
  });
  return router;
}
