import type { DocumentRecord } from '../storage/models/document.js';
import type { ApplicantLinks } from './applicant-links.js';
import { publicActor, type AuditTrail } from './audit-trail.js';

export type DownloadByLink = (input: { readonly token: string; readonly address: string | undefined }) => Promise<DocumentRecord>;

/** An applicant's download: claims one use of the link and audits it; the token itself is never recorded. */
export function createDownloadByLink(deps: { applicantLinks: ApplicantLinks; audit: AuditTrail }): DownloadByLink {
  return async ({ token, address }) => {
    const { document, n } = await deps.applicantLinks.claim(token);
    await deps.audit.append({
      type: 'applicant-link.download',
      actor: publicActor(address),
      documentId: document._id,
      owner: document.department,
      details: { download: n, sha256Signed: document.sha256Signed },
    });
    return document;
  };
}
