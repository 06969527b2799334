import type { AuditActor } from '../core/audit/chain.js';
import type { DocumentRecord } from '../storage/models/document.js';
import type { ApplicantLinkOptions, ApplicantLinks, CreatedApplicantLink } from './applicant-links.js';
import type { AuditTrail } from './audit-trail.js';
import type { SignDocument, SignDocumentInput } from './sign-document.js';

export type IssueDocumentInput = SignDocumentInput & { readonly actor: AuditActor; readonly link: ApplicantLinkOptions };
export type IssuedDocument = { readonly record: DocumentRecord; readonly applicantLink: CreatedApplicantLink };
export type IssueDocument = (input: IssueDocumentInput) => Promise<IssuedDocument>;

/**
 * A department's signing request: sign and record, give the applicant a link, then audit the signing.
 * The event is appended only once all of it is stored, and before the caller answers.
 */
export function createIssueDocument(deps: { signDocument: SignDocument; applicantLinks: ApplicantLinks; audit: AuditTrail }): IssueDocument {
  return async ({ actor, link, ...input }) => {
    const record = await deps.signDocument(input);
    const applicantLink = await deps.applicantLinks.create(record, link);
    await deps.audit.append({
      type: 'sign',
      actor,
      documentId: record._id,
      owner: record.department,
      details: { sha256Signed: record.sha256Signed, size: record.size },
    });
    return { record, applicantLink };
  };
}
