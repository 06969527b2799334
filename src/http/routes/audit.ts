import type { Router } from 'express';
import type { ListAuditEvents } from '../../services/list-audit-events.js';
import type { AuditLog } from '../../storage/audit-log.js';
import { requireApiKey, type Authenticate } from '../middleware/auth.js';
import { parseAuditQuery } from '../schemas/audit-query.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type AuditRoutesDeps = {
  readonly authenticate: Authenticate;
  readonly listAuditEvents: ListAuditEvents;
  readonly audit: Pick<AuditLog, 'verify'>;
};

/**
 * /api/v1/audit (role "read"): the caller's department's own events, newest first, paged by `before`
 * (pass `nextBefore`); and /verify, which checks the whole chain and names the first broken event.
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
  router.get('/verify', read, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.audit.verify());
  });
  return router;
}
