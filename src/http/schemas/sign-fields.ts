import { z } from 'zod';
import { DocsealError } from '../../core/errors.js';
import type { ApplicantLinkOptions } from '../../services/applicant-links.js';
import type { SignDocumentInput } from '../../services/sign-document.js';

const text = (max: number) => z.string().trim().min(1).max(max).optional();

/** A whole number from 1 to `max`, as multipart sends it (a string of digits). */
const count = (max: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n <= max, { message: `must be at most ${max}` })
    .optional();

/** Ten years: a link meant to outlive that should be a new link. */
const MAX_LINK_HOURS = 87_600;
const MAX_LINK_DOWNLOADS = 10_000;

/** The text fields of POST /api/v1/documents (multipart: every value arrives as a string). */
const signFieldsSchema = z
  .object({
    title: text(500),
    applicantRef: text(200),
    reason: text(500),
    location: text(200),
    page: count(999_999),
    position: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']).optional(),
    /** `none`: an invisible signature, with no seal drawn. */
    seal: z.enum(['visible', 'none']).optional(),
    linkExpiresInHours: count(MAX_LINK_HOURS),
    linkMaxDownloads: count(MAX_LINK_DOWNLOADS),
  })
  .strict();

/** The request's own fields of a signing (the rest comes from the upload and the API key). */
export type SignFields = Omit<SignDocumentInput, 'department' | 'original' | 'originalHash'> & {
  /** The applicant link's expiry and download limit. */
  readonly link: ApplicantLinkOptions;
};

export function parseSignFields(body: unknown): SignFields {
  const parsed = signFieldsSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'body';
    throw new DocsealError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`, { field: where });
  }
  const { position, seal, linkExpiresInHours, linkMaxDownloads, ...rest } = parsed.data;
  return { ...rest, corner: position, invisible: seal === 'none', link: { expiresInHours: linkExpiresInHours, maxDownloads: linkMaxDownloads } };
}
