import type { ErrorCode } from '../core/errors.js';

/** The one place an error code becomes an HTTP status; docs/errors.md documents the same table. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  not_pdf: 415,
  encrypted_pdf: 422,
  corrupt_pdf: 422,
  ambiguous_pdf: 422,
  unsupported_pdf: 422,
  too_large: 413,
  limit_exceeded: 422,
  missing_file: 400,
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  link_expired: 410,
  rate_limited: 429,
  busy: 503,
  database_unavailable: 503,
  config_invalid: 500,
  key_unavailable: 503,
  stored_file_corrupt: 500,
  internal: 500,
});
