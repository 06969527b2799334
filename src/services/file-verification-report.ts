import { createHash } from 'node:crypto';
import type { VerificationReport } from '../core/verify/report.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { DocumentRecord } from '../storage/models/document.js';
import type { AuditTrail } from './audit-trail.js';
import { renderReportPdf } from '../views/report-pdf.js';
import { formatZonedTime } from './seal-time.js';
import type { SignDocument } from './sign-document.js';

/** The department whose key signs filed reports: the dev PKI's `service` identity, or an installed one. */
export const SERVICE_DEPARTMENT = 'service';

export type FiledReport = { readonly record: DocumentRecord; readonly pdf: Buffer };
export type FileVerificationReport = (report: VerificationReport) => Promise<FiledReport>;

export type FileVerificationReportDeps = {
  readonly signDocument: SignDocument;
  readonly blobs: BlobStore;
  readonly audit: AuditTrail;
  readonly timeZone: string;
  readonly clock: () => Date;
};

async function readBlob(blobs: BlobStore, record: DocumentRecord): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.open(record.fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renders the report as a PDF and signs it like any document we issue, as the service department:
 * its seal's QR code opens `/v/<report id>`, so a department that files the report can verify it.
 * The signed bytes are read back from the store, so what the caller receives is what was recorded.
 * The signing is audited like a department's, with the service department as the actor.
 */
export function createFileVerificationReport(deps: FileVerificationReportDeps): FileVerificationReport {
  return async (report) => {
    const generatedAtText = formatZonedTime(deps.clock(), deps.timeZone).text;
    const pdf = await renderReportPdf(report, { generatedAtText });
    const record = await deps.signDocument({
      department: SERVICE_DEPARTMENT,
      original: pdf,
      originalHash: createHash('sha256').update(pdf),
      title: `Verification report / 验证报告 ${report.sha256.slice(0, 16)}`,
      reason: 'Verification report',
    });
    await deps.audit.append({
      type: 'sign',
      actor: { kind: 'department', department: SERVICE_DEPARTMENT },
      documentId: record._id,
      owner: record.department,
      details: { sha256Signed: record.sha256Signed, size: record.size },
    });
    return { record, pdf: await readBlob(deps.blobs, record) };
  };
}
