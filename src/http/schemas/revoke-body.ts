import { z } from 'zod';
import { DocsealError } from '../../core/errors.js';

const revokeBodySchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** The JSON body of POST /api/v1/documents/:id/revoke. */
export function parseRevokeBody(body: unknown): { readonly reason: string } {
  const parsed = revokeBodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw new DocsealError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`, { field: where });
  }
  return parsed.data;
}
