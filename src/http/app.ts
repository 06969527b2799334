import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Readiness } from '../compose-services.js';
import type { Logger } from '../logging/create-logger.js';
import { drainGuard, type Drain } from './middleware/drain.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { requestLog } from './middleware/request-log.js';
import { applicantLinkRoutes, type ApplicantLinkRoutesDeps } from './routes/applicant-links.js';
import { auditRoutes, type AuditRoutesDeps } from './routes/audit.js';
import { documentRoutes, type DocumentRoutesDeps } from './routes/documents.js';
import { publicPageRoutes, type PublicPagesDeps } from './routes/public-pages.js';
import { tsaRoutes, type TsaRoutesDeps } from './routes/tsa.js';
import { verifyRoutes, type VerifyRoutesDeps } from './routes/verify.js';

export type AppDeps = DocumentRoutesDeps &
  AuditRoutesDeps &
  Omit<VerifyRoutesDeps, 'lookupRateLimit'> &
  Omit<PublicPagesDeps, 'lookupRateLimit'> &
  Omit<ApplicantLinkRoutesDeps, 'lookupRateLimit'> & {
    readonly log: Logger;
    /** What /readyz checks: the database answers, department keys are loaded, the verifier runs. */
    readonly readiness: () => Promise<Readiness>;
    /** Reverse proxies whose X-Forwarded-For is believed (0: clients connect directly). */
    readonly trustProxy?: number;
    /** Set by the shutdown: /readyz fails and new requests are refused (the service's own; tests omit it). */
    readonly drain?: Drain;
    /** The built-in TSA (POST /tsa), when the certs folder holds its key and certificate. */
    readonly answerTimestampQuery?: TsaRoutesDeps['answerTimestampQuery'];
  };

/**
 * Pages load their styles and scripts only from /static; no inline script or style, no framing, no
 * plugins, forms post only here. Sent with every response, so an HTML page can never go out without it.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/** Public lookups are cheap beside a verification: they get ten times the upload limit. */
const LOOKUP_FACTOR = 10;

/** Builds the app without listening: main.ts listens, supertest drives it in tests. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // The app's own routes (/healthz, /readyz, the mount paths); each Router sets the same (see router.ts).
  app.enable('case sensitive routing');
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.use(requestLog(deps.log));
  if (deps.drain) app.use(drainGuard(deps.drain));
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  // Liveness: the process serves requests. Readiness: it can do its work (send traffic here or not).
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (deps.drain?.draining) {
      res.setHeader('Cache-Control', 'no-store');
      res.status(503).json({ ok: false, draining: true });
      return;
    }
    const readiness: Readiness = await deps.readiness().catch(() => ({ database: false, keys: false, verifier: false }));
    const { skippedDepartments, ...checks } = readiness;
    const ok = checks.database && checks.keys && checks.verifier;
    // A skipped department does not make the service unready: the others sign. It is named for the operator.
    const details = skippedDepartments?.length ? { skippedDepartments } : {};
    res.setHeader('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json(ok ? { ok, ...details } : { ok, checks, ...details });
  });
  const lookupRateLimit = deps.verifyRateLimit * LOOKUP_FACTOR;
  app.use('/api/v1/documents', documentRoutes(deps));
  app.use('/api/v1/audit', auditRoutes(deps));
  app.use('/api/v1/verify', verifyRoutes({ ...deps, lookupRateLimit }));
  app.use(publicPageRoutes({ ...deps, lookupRateLimit }));
  app.use(applicantLinkRoutes({ ...deps, lookupRateLimit }));
  if (deps.answerTimestampQuery) app.use(tsaRoutes({ ...deps, answerTimestampQuery: deps.answerTimestampQuery, timestampRateLimit: lookupRateLimit }));
  app.use(notFoundHandler());
  app.use(
    errorHandler((code) => {
      const d = deps.departments.get(code);
      return d && { zh: d.nameZh, en: d.nameEn };
    }),
  );
  return app;
}
