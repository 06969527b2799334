import type { AuditActor } from '../core/audit/chain.js';
import { DocsealError } from '../core/errors.js';
import type { DocumentRepository } from '../storage/document-repository.js';
import { ownerOf, type DocumentRecord } from '../storage/models/document.js';
import type { AuditTrail } from './audit-trail.js';
import { DOCUMENT_ID_PATTERN } from './document-id.js';

export type RevokeDocumentInput = { readonly id: string; readonly department: string; readonly reason: string; readonly actor: AuditActor };
export type RevokeDocument = (input: RevokeDocumentInput) => Promise<DocumentRecord>;

/**
 * Only the issuing department revokes, and every later verification says so.
 * Another department's document is `not_found`, like an unknown id, so its existence is not disclosed.
 * The revocation is audited once, by the call that made it; a repeated request changes nothing, keeps
 * the first reason, and is not a new act.
 */
export function createRevokeDocument(deps: { documents: DocumentRepository; audit: AuditTrail; clock: () => Date }): RevokeDocument {
  return async ({ id, department, reason, actor }) => {
    const outcome = DOCUMENT_ID_PATTERN.test(id) ? await deps.documents.revoke(id, department, reason, deps.clock()) : undefined;
    if (!outcome) throw new DocsealError('not_found', 'no such document');
    if (outcome.first) await deps.audit.append({ type: 'revoke', actor, documentId: outcome.record._id, owner: ownerOf(outcome.record), details: { reason } });
    return outcome.record;
  };
}
