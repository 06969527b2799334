import { verifyUrlFor } from '../../services/sign-document.js';
import type { DocumentRecord } from '../../storage/models/document.js';

export type DepartmentNames = { readonly code: string; readonly nameZh: string; readonly nameEn: string };

/** The JSON shape of a document record; internal fields (blob id) stay inside. */
export function presentDocument(record: DocumentRecord, department: DepartmentNames, publicBaseUrl: string) {
  return {
    id: record._id,
    department: { code: department.code, nameZh: department.nameZh, nameEn: department.nameEn },
    title: record.title ?? null,
    applicantRef: record.applicantRef ?? null,
    reason: record.reason ?? null,
    location: record.location ?? null,
    status: record.status,
    revocationReason: record.revocationReason ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
    sha256: { original: record.sha256Original, signed: record.sha256Signed },
    size: record.size,
    page: record.page,
    fieldName: record.fieldName,
    verifyUrl: verifyUrlFor(publicBaseUrl, record._id),
    downloadUrl: `${publicBaseUrl}/api/v1/documents/${record._id}/file`,
    createdAt: record.createdAt.toISOString(),
    signedAt: record.signedAt.toISOString(),
    warnings: record.warnings.map(({ code, message }) => ({ code, message })),
    // A filed verification report: the department that asked for it (and owns it), and when it is deleted.
    requestedBy: record.requestedBy ?? null,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}
