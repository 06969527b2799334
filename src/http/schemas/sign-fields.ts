import { z } from 'zod';
import { DocsealError } from '../../core/errors.js';
import type { Corner } from '../../core/sign/types.js';

const text = (max: number) => z.string().trim().min(1).max(max).optional();

/** The text fields of POST /api/v1/documents (multipart: every value arrives as a string). */
const signFieldsSchema = z
  .object({
    title: text(500),
    applicantRef: text(200),
    reason: text(500),
    location: text(200),
    page: z
      .string()
      .regex(/^[1-9][0-9]{0,5}$/, 'must be a positive integer')
      .transform(Number)
      .optional(),
    position: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']).optional(),
  })
  .strict();

export type SignFields = {
  readonly title?: string;
  readonly applicantRef?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly page?: number;
  readonly corner?: Corner;
};

export function parseSignFields(body: unknown): SignFields {
  const parsed = signFieldsSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw new DocsealError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`, { field: where });
  }
  const { position, ...rest } = parsed.data;
  return { ...rest, corner: position };
}
