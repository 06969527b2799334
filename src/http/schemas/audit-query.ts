import { z } from 'zod';
import { DocsealError } from '../../core/errors.js';
import { DOCUMENT_ID_PATTERN } from '../../services/document-id.js';
import { MAX_AUDIT_PAGE } from '../../storage/audit-log.js';

const DEFAULT_PAGE = 50;

const digits = z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be a positive integer').transform(Number);

/** The query of GET /api/v1/audit. */
const auditQuerySchema = z
  .object({
    limit: digits.refine((n) => n <= MAX_AUDIT_PAGE, { message: `must be at most ${MAX_AUDIT_PAGE}` }).default(String(DEFAULT_PAGE)),
    before: digits.optional(),
    documentId: z.string().regex(DOCUMENT_ID_PATTERN, 'is not a document id').optional(),
  })
  .strict();

export type AuditQuery = { readonly limit: number; readonly before?: number; readonly documentId?: string };

export function parseAuditQuery(query: unknown): AuditQuery {
  const parsed = auditQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'query';
    throw new DocsealError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`, { field: where });
  }
  return parsed.data;
}
