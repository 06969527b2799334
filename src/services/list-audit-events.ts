import type { AuditEvent } from '../core/audit/chain.js';
import type { AuditLog } from '../storage/audit-log.js';
import type { DocumentRepository } from '../storage/document-repository.js';

export type ListAuditEventsInput = {
  readonly department: string;
  readonly limit: number;
  readonly before?: number;
  readonly documentId?: string;
};
export type ListAuditEvents = (input: ListAuditEventsInput) => Promise<AuditEvent[]>;

/**
 * A department's own events, newest first. Filtering by another department's document gives no events,
 * exactly as for an unknown id, so the filter cannot be used to probe for documents.
 */
export function createListAuditEvents(deps: { audit: Pick<AuditLog, 'list'>; documents: DocumentRepository }): ListAuditEvents {
  return async (input) => {
    if (input.documentId !== undefined && !(await deps.documents.findOwned(input.documentId, input.department))) return [];
    return deps.audit.list(input);
  };
}
