import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DocsealError, isDocsealError } from '../../core/errors.js';
import { renderErrorPage } from '../../views/error-page.js';
import type { DepartmentNamesOf } from '../../views/labels.js';
import { isErrorPageKey } from '../../views/messages/messages.js';
import type { ErrorPageKey } from '../../views/messages/en.js';
import { databaseUnavailable } from '../../storage/database-errors.js';
import { ERROR_STATUS } from '../error-status.js';
import { loggedPath } from './request-log.js';
import '../request-context.js';

/**
 * Errors from Express and body-parser that are the client's: body-parser marks its own with `type`;
 * both mark the rest with a 4xx `status` (a malformed %-escape in a path, a body that does not
 * inflate). Their messages can quote the request (a path holding an applicant token), so they are
 * neither logged nor echoed.
 */
function fromFramework(err: unknown): DocsealError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status, statusCode } = err as { type?: unknown; status?: unknown; statusCode?: unknown };
  if (type === 'entity.too.large') return new DocsealError('too_large', 'request body too large');
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (code !== undefined && code >= 400 && code < 500) {
    return new DocsealError('invalid_request', 'the request could not be parsed');
  }
  return undefined;
}

/**
 * Which page a browser gets: an applicant link's refusal says why (its `link` detail: expired, used
 * up, revoked, unknown), any other not-found is a missing page, the rest a failed request.
 */
function errorPageOf(error: DocsealError | undefined): ErrorPageKey {
  const link = error?.details?.['link'];
  if (typeof link === 'string' && isErrorPageKey(`link_${link}`)) return `link_${link}` as ErrorPageKey;
  return error?.code === 'not_found' ? 'not_found' : 'other';
}

function departmentOf(error: DocsealError | undefined, namesOf: DepartmentNamesOf) {
  const code = error?.details?.['department'];
  return typeof code === 'string' ? namesOf(code) : undefined;
}

/**
 * The one error middleware: a DocsealError becomes its status and `{ error: { code, message } }`;
 * anything else is our fault, logged with the request id and answered 500 without details. The
 * error's details never reach the client; a browser's page uses them to say what to do next.
 */
export function errorHandler(namesOf: DepartmentNamesOf = () => undefined): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const known = isDocsealError(err) ? err : (fromFramework(err) ?? databaseUnavailable(err));
    const status = known ? ERROR_STATUS[known.code] : 500;
    if (!known || status >= 500) {
      req.log.error({ err, requestId: req.id }, 'request failed');
    }
    if (res.headersSent) {
      // Mid-stream (e.g. a download): the status is gone; Express's final handler closes the connection.
      next(err);
      return;
    }
    // RFC 9110 §10.2.3: a refusal that names when to come back (`busy`, `database_unavailable`) says so in Retry-After.
    const retryAfter = known?.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number' && Number.isInteger(retryAfter) && retryAfter > 0) res.set('Retry-After', String(retryAfter));
    const error = known
      ? { code: known.code, message: known.message }
      : { code: 'internal', message: 'internal error; quote the X-Request-Id header when reporting it' };
    // A browser (it asks for HTML before JSON) gets a page; API clients, and anyone asking for */*, JSON.
    if (req.accepts(['json', 'html']) === 'html') {
      const page = renderErrorPage({ page: errorPageOf(known), code: error.code, message: error.message, department: departmentOf(known, namesOf) });
      res.status(status).type('html').send(page);
      return;
    }
    res.status(status).json({ error });
  };
}

/** The path is echoed masked like the log's: a mistyped applicant link's token is not repeated back. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new DocsealError('not_found', `no route for ${req.method} ${loggedPath(req.originalUrl)}`));
  };
}
