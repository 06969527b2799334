import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DocsealError } from '../core/errors.js';
import type { ApplicantLinkRepository } from '../storage/applicant-link-repository.js';
import type { DocumentRepository } from '../storage/document-repository.js';
import type { ApplicantLinkRecord } from '../storage/models/applicant-link.js';
import type { DocumentRecord } from '../storage/models/document.js';

/** What a department may set per document when it signs. */
export type ApplicantLinkOptions = { readonly expiresInHours?: number; readonly maxDownloads?: number };

export type CreatedApplicantLink = { readonly token: string; readonly expiresAt?: Date; readonly maxDownloads?: number };
export type ClaimedDownload = { readonly link: ApplicantLinkRecord; readonly document: DocumentRecord; readonly n: number };

/** 256 random bits as unpadded base64url (RFC 4648 §5): 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const HOUR_MS = 3_600_000;
const DUPLICATE_KEY = 11000;
/** Each retry means another request claimed a download, so this bounds a burst on one link, not time. */
const MAX_CLAIM_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 10;

export const applicantUrlFor = (publicBaseUrl: string, token: string): string => `${publicBaseUrl}/d/${token}`;

const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === DUPLICATE_KEY;
}

/** `link` says why, for the page a browser shows; `department` whom the applicant asks for a new link. */
const gone = (message: string, link: 'expired' | 'used_up' | 'revoked', department: string): DocsealError =>
  new DocsealError('link_expired', message, { link, department });
const unknownLink = (): DocsealError => new DocsealError('not_found', 'no such link', { link: 'unknown' });

/**
 * Applicant links: a token shown once, stored only as its hash, with an optional
 * expiry and download limit checked when it is used. An unknown token is `not_found`; an expired or
 * used-up one, or one whose document was revoked, is `link_expired`.
 */
export class ApplicantLinks {
  constructor(
    private readonly repo: ApplicantLinkRepository,
    private readonly documents: DocumentRepository,
    private readonly clock: () => Date,
  ) {}

  async create(document: DocumentRecord, opts: ApplicantLinkOptions): Promise<CreatedApplicantLink> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock();
    const expiresAt = opts.expiresInHours === undefined ? undefined : new Date(createdAt.getTime() + opts.expiresInHours * HOUR_MS);
    await this.repo.insert({
      tokenHash: tokenHash(token),
      documentId: document._id,
      department: document.department,
      ...(expiresAt ? { expiresAt } : {}),
      ...(opts.maxDownloads === undefined ? {} : { maxDownloads: opts.maxDownloads }),
      downloads: 0,
      createdAt,
    });
    return { token, ...(expiresAt ? { expiresAt } : {}), ...(opts.maxDownloads === undefined ? {} : { maxDownloads: opts.maxDownloads }) };
  }

  /** Checks the link and claims the next download number, or refuses. */
  async claim(token: string): Promise<ClaimedDownload> {
    const link = TOKEN_PATTERN.test(token) ? await this.repo.findByTokenHash(tokenHash(token)) : undefined;
    if (!link) throw unknownLink();
    if (link.expiresAt && this.clock().getTime() >= link.expiresAt.getTime()) throw gone('this link has expired', 'expired', link.department);
    const document = await this.documents.findOwned(link.documentId, link.department);
    if (!document) throw unknownLink();
    if (document.status === 'revoked') throw gone('the document of this link was revoked', 'revoked', link.department);
    const n = await this.claimNext(link);
    return { link, document, n };
  }

  /**
   * Reads the last claimed number and inserts the next one; the unique index on (tokenHash, n) lets
   * exactly one of two concurrent requests have it, and the loser reads again. So a one-download link
   * gives one download however many requests race for it, on MongoDB and on FerretDB.
   */
  private async claimNext(link: ApplicantLinkRecord): Promise<number> {
    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      const n = (await this.repo.lastClaim(link.tokenHash)) + 1;
      if (link.maxDownloads !== undefined && n > link.maxDownloads) throw gone('this link has been used up', 'used_up', link.department);
      try {
        await this.repo.insertClaim(link.tokenHash, n, this.clock());
        await this.repo.recordDownloads(link.tokenHash, n);
        return n;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        await sleep(Math.floor(Math.random() * MAX_BACKOFF_MS) + 1);
      }
    }
    throw new DocsealError('rate_limited', 'Too many downloads of this link at once; try again.');
  }
}
