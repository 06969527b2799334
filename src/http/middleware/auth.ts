import type { RequestHandler } from 'express';
import { DocsealError } from '../../core/errors.js';
import type { AuthenticatedKey } from '../../services/api-keys.js';
import '../request-context.js';

export type Authenticate = (presentedKey: string) => Promise<AuthenticatedKey>;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * `Authorization: Bearer <API key>` (RFC 6750 §2.1) → req.auth. Every failure is the same 401 with a
 * WWW-Authenticate challenge (RFC 6750 §3), so a caller cannot tell an unknown key from a wrong one.
 * A valid key without `role` is 403 `forbidden`.
 */
export function requireApiKey(authenticate: Authenticate, role: string): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    try {
      if (!match) throw new DocsealError('unauthorized', 'send an API key as Authorization: Bearer <key>');
      const key = await authenticate(match[1]!);
      if (!key.roles.includes(role)) {
        throw new DocsealError('forbidden', `this API key lacks the "${role}" role`);
      }
      req.auth = { department: key.department, keyId: key.keyId, roles: key.roles };
      next();
    } catch (e) {
      if (e instanceof DocsealError && e.code === 'unauthorized') {
        res.setHeader('WWW-Authenticate', 'Bearer realm="docseal"');
      }
      next(e);
    }
  };
}

/**
 * For endpoints open to the public that a department may also call as itself: without an Authorization
 * header the request is anonymous; with one, the key must be valid and carry `role`, as requireApiKey.
 */
export function optionalApiKey(authenticate: Authenticate, role: string): RequestHandler {
  const required = requireApiKey(authenticate, role);
  return (req, res, next) => {
    if (req.headers.authorization === undefined) {
      next();
      return;
    }
    return required(req, res, next);
  };
}
