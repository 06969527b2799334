import { createHash } from 'node:crypto';
import type { VerificationReport } from '../core/verify/report.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { DocumentRecord } from '../storage/models/document.js';
import { departmentActor, type AuditTrail } from './audit-trail.js';
import type { CjkFont } from '../core/seal/cjk-font.js';
import type { DepartmentNamesOf } from '../views/labels.js';
import { renderReportPdf } from '../views/report-pdf.js';
import { formatZonedTime } from './seal-time.js';
import type { SignDocument } from './sign-document.js';
import { SERVICE_DEPARTMENT } from './service-identity.js';

/** The department (and its API key) that asked for a signed report. */
export type ReportRequester = { readonly department: string; readonly keyId: string };

export type FiledReport = { readonly record: DocumentRecord; readonly pdf: Buffer };
export type FileVerificationReport = (report: VerificationReport, requester: ReportRequester) => Promise<FiledReport>;
/** The report as an unsigned PDF for an anonymous caller: nothing is signed, stored or audited. */
export type RenderUnsignedReport = (report: VerificationReport) => Promise<Buffer>;

/** What the report PDF is drawn with: the seal's font, and the departments' names for its registry line. */
export type ReportPdfDeps = { readonly font: CjkFont; readonly departmentNames: DepartmentNamesOf };

export type FileVerificationReportDeps = ReportPdfDeps & {
  readonly signDocument: SignDocument;
  readonly blobs: BlobStore;
  readonly audit: AuditTrail;
  readonly timeZone: string;
  readonly clock: () => Date;
  /** How long a filed report is kept; after that it is not found and the cleanup deletes it. */
  readonly retentionMs: number;
};

async function readBlob(blobs: BlobStore, record: DocumentRecord): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.open(record.fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Renders the report as a PDF and signs it like any document we issue, as the service department:
 * its seal's QR code opens `/v/<report id>`, so a department that files the report can verify it.
 * Only a department asks for this (an anonymous signed report would be a signing oracle that also
 * fills the store): the record names it as `requestedBy`, which makes it the record's owner, and
 * expires after the retention period. The signed bytes are read back from the store, so what the
 * caller receives is what was recorded. The signing is audited as the requesting department's act.
 */
export function createFileVerificationReport(deps: FileVerificationReportDeps): FileVerificationReport {
  return async (report, requester) => {
    const now = deps.clock();
    const pdf = await renderReportPdf(report, { ...pdfDeps(deps), generatedAtText: formatZonedTime(now, deps.timeZone).text, signed: true });
    const expiresAt = new Date(now.getTime() + deps.retentionMs);
    const record = await deps.signDocument({
      department: SERVICE_DEPARTMENT,
      original: pdf,
      originalHash: createHash('sha256').update(pdf),
      title: `Verification report / 验证报告 ${report.sha256.slice(0, 16)}`,
      reason: 'Verification report',
      requestedBy: requester.department,
      expiresAt,
    });
    await deps.audit.append({
      type: 'sign',
      actor: departmentActor(requester.department, requester.keyId),
      documentId: record._id,
      owner: requester.department,
      details: { signedAs: SERVICE_DEPARTMENT, sha256Signed: record.sha256Signed, size: record.size, expiresAt: expiresAt.toISOString() },
    });
    return { record, pdf: await readBlob(deps.blobs, record) };
  };
}

const pdfDeps = (deps: ReportPdfDeps): ReportPdfDeps => ({ font: deps.font, departmentNames: deps.departmentNames });

export function createRenderUnsignedReport(deps: ReportPdfDeps & { readonly timeZone: string; readonly clock: () => Date }): RenderUnsignedReport {
  return (report) => renderReportPdf(report, { ...pdfDeps(deps), generatedAtText: formatZonedTime(deps.clock(), deps.timeZone).text, signed: false });
}
