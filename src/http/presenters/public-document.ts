import type { DocumentRecord } from '../../storage/models/document.js';
import type { DepartmentNames } from './document.js';

/**
 * A document as the public sees it (hash lookup): what the seal and the public page already show.
 * The applicant reference, reason, location and storage details stay private.
 */
export function presentPublicDocument(record: DocumentRecord, department: DepartmentNames, matched: 'original' | 'signed') {
  return {
    id: record._id,
    department: { code: department.code, nameZh: department.nameZh, nameEn: department.nameEn },
    title: record.title ?? null,
    status: record.status,
    ...(record.revocationReason !== undefined ? { revocationReason: record.revocationReason } : {}),
    signedAt: record.signedAt.toISOString(),
    matched,
  };
}
