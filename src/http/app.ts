import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../logging/create-logger.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { requestLog } from './middleware/request-log.js';
import { documentRoutes, type DocumentRoutesDeps } from './routes/documents.js';

export type AppDeps = DocumentRoutesDeps & {
  readonly log: Logger;
  /** Resolves true when the database answers; /healthz reports 503 otherwise. */
  readonly healthy: () => Promise<boolean>;
};

/** Builds the app without listening: main.ts listens, supertest drives it in tests. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestLog(deps.log));
  app.use(helmet());
  app.get('/healthz', async (_req, res) => {
    const ok = await deps.healthy().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable' });
  });
  app.use('/api/v1/documents', documentRoutes(deps));
  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
