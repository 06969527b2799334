/**
 * One error class for every input we cannot process, each with a stable code.
 * A signature that fails a check is not an error: the verifier reports it as a result.
 * The HTTP status for each code lives in one table in the HTTP layer (src/http/error-status.ts),
 * and every code is documented in docs/errors.md (a test keeps the three in step).
 */
export const ERROR_CODES = [
  'not_pdf',
  'encrypted_pdf',
  'corrupt_pdf',
  'ambiguous_pdf',
  'too_large',
  'limit_exceeded',
  'missing_file',
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'link_expired',
  'unsupported_pdf',
  'rate_limited',
  'busy',
  'database_unavailable',
  'config_invalid',
  'key_unavailable',
  'stored_file_corrupt',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DocsealError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /** `message` is shown to clients: keep it free of secrets, paths and document contents. */
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DocsealError';
    this.code = code;
    this.details = details;
  }
}

export function isDocsealError(e: unknown): e is DocsealError {
  return e instanceof DocsealError;
}

/**
 * A bound on the work for one input was reached. Nothing may take that as a finding and carry on:
 * a check that stopped short has not checked, so the input is refused instead (limit_exceeded).
 */
export function isLimitExceeded(e: unknown): boolean {
  return e instanceof DocsealError && e.code === 'limit_exceeded';
}
