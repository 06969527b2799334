import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logging/create-logger.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { requestLog } from './middleware/request-log.js';
import { documentRoutes, type DocumentRoutesDeps } from './routes/documents.js';
import { publicPageRoutes, type PublicPagesDeps } from './routes/public-pages.js';
import { verifyRoutes, type VerifyRoutesDeps } from './routes/verify.js';

export type AppDeps = DocumentRoutesDeps &
  Omit<VerifyRoutesDeps, 'lookupRateLimit'> &
  Omit<PublicPagesDeps, 'lookupRateLimit'> & {
    readonly log: Logger;
    /** Resolves true when the database answers; /healthz reports 503 otherwise. */
    readonly healthy: () => Promise<boolean>;
    /** Reverse proxies whose X-Forwarded-For is believed (0: clients connect directly). */
    readonly trustProxy?: number;
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
  app.set('trust proxy', deps.trustProxy ?? 0);
  app.use(requestLog(deps.log));
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.get('/healthz', async (_req, res) => {
    const ok = await deps.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });
  const lookupRateLimit = deps.verifyRateLimit * LOOKUP_FACTOR;
  app.use('/api/v1/documents', documentRoutes(deps));
  app.use('/api/v1/verify', verifyRoutes({ ...deps, lookupRateLimit }));
  app.use(publicPageRoutes({ ...deps, lookupRateLimit }));
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
