import type { Logger } from '../logging/create-logger.js';

/** Who called: set by the auth middleware from a valid API key. */
export type AuthContext = {
  readonly department: string;
  readonly keyId: string;
  readonly roles: readonly string[];
};

declare global {
  namespace Express {
    interface Request {
      /** Set by the request-log middleware; echoed as X-Request-Id and on every log line. */
      id: string;
      log: Logger;
      auth?: AuthContext;
    }
  }
}
