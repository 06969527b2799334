import type { AuditActor } from '../core/audit/chain.js';
import { ownerOf, type DocumentRecord } from '../storage/models/document.js';
import type { AuditTrail } from './audit-trail.js';

export type RecordDownload = (record: DocumentRecord, actor: AuditActor) => Promise<void>;

/** Audits a download of the signed file (by its department or by the public), before its bytes go out. */
export function createRecordDownload(deps: { audit: AuditTrail }): RecordDownload {
  return async (record, actor) => {
    await deps.audit.append({ type: 'download', actor, documentId: record._id, owner: ownerOf(record), details: { sha256Signed: record.sha256Signed, size: record.size } });
  };
}
