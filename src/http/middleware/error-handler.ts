import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DocsealError, isDocsealError } from '../../core/errors.js';
import { ERROR_STATUS } from '../error-status.js';
import '../request-context.js';

/** body-parser marks its errors with `type`; a JSON syntax error is the client's, like any parse error. */
function fromBodyParser(err: unknown): DocsealError | undefined {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
  if (type === 'entity.too.large') return new DocsealError('too_large', 'request body too large');
  if (typeof type === 'string' && (type === 'entity.parse.failed' || type.startsWith('encoding.') || type.startsWith('request.') || type === 'charset.unsupported')) {
    return new DocsealError('invalid_request', 'the request body could not be parsed');
  }
  return undefined;
}

/**
 * The one error middleware: a DocsealError becomes its status and `{ error: { code, message } }`;
 * anything else is our fault, logged with the request id and answered 500 without details.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const known = isDocsealError(err) ? err : fromBodyParser(err);
    const status = known ? ERROR_STATUS[known.code] : 500;
    if (!known || status >= 500) {
      req.log.error({ err, requestId: req.id }, 'request failed');
    }
    if (res.headersSent) {
      // Mid-stream (e.g. a download): the status is gone; Express's final handler closes the connection.
      next(err);
      return;
    }
    const body = known
      ? { error: { code: known.code, message: known.message } }
      : { error: { code: 'internal', message: 'internal error; quote the X-Request-Id header when reporting it' } };
    res.status(status).json(body);
  };
}

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new DocsealError('not_found', `no route for ${req.method} ${req.path}`));
  };
}
