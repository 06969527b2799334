import { availableParallelism } from 'node:os';
import type { Connection } from 'mongoose';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from './core/limits.js';
import type { TrustMaterial } from './keys/trust-store.js';
import { ApiKeys } from './services/api-keys.js';
import { ApplicantLinks } from './services/applicant-links.js';
import { createDocumentPreview, type DocumentPreview, type PageRenderer } from './services/document-preview.js';
import { createDownloadByLink, type DownloadByLink } from './services/download-by-link.js';
import {
  createFileVerificationReport,
  createRenderUnsignedReport,
  type FileVerificationReport,
  type ReportPdfDeps,
  type RenderUnsignedReport,
} from './services/file-verification-report.js';
import { createIssueDocument, type IssueDocument } from './services/issue-document.js';
import { createListAuditEvents, type ListAuditEvents } from './services/list-audit-events.js';
import { createLookupHash, type LookupHash } from './services/lookup-hash.js';
import { createRecordDownload, type RecordDownload } from './services/record-download.js';
import { createPurgeExpiredReports, startReportRetentionSweep, type PurgeExpiredReports } from './services/report-retention.js';
import { createRevokeDocument, type RevokeDocument } from './services/revoke-document.js';
import { loadCjkFont } from './services/seal-assets.js';
import { createSignDocument } from './services/sign-document.js';
import { answerTimestampQuery, type TimeStampAuthority, type TimestampAnswer } from './services/time-stamping.js';
import type { SkippedDepartmentReport } from './services/live-departments.js';
import type { SigningDepartment } from './services/signing-department.js';
import { createVerifyDocument, type VerifyDocument } from './services/verify-document.js';
import { openApplicantLinkRepository } from './storage/applicant-link-repository.js';
import { AuditLog } from './storage/audit-log.js';
import type { BlobStore } from './storage/blob-store.js';
import { openApiKeyRepository } from './storage/api-key-repository.js';
import { openDocumentRepository, type DocumentRepository } from './storage/document-repository.js';
import { GridFsBlobStore } from './storage/gridfs-blob-store.js';
import { openPreviewRepository } from './storage/preview-repository.js';
import { openTimestampTokenRepository } from './storage/timestamp-token-repository.js';
import { openRateLimitStores, type RateLimitStoreFactory } from './storage/rate-limit-store.js';
import { PREVIEW_RENDERER_OPTIONS, WorkerPageRenderer } from './workers/page-renderer.js';
import { VerifyPool } from './workers/verify-pool.js';

/** What /readyz reports: each part the service needs to do its work, and departments left out (not a failure). */
export type Readiness = {
  readonly database: boolean;
  readonly keys: boolean;
  readonly verifier: boolean;
  readonly skippedDepartments?: readonly SkippedDepartmentReport[];
};

export type Services = {
  readonly apiKeys: ApiKeys;
  readonly audit: AuditLog;
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly issueDocument: IssueDocument;
  readonly recordDownload: RecordDownload;
  readonly downloadByLink: DownloadByLink;
  readonly revokeDocument: RevokeDocument;
  readonly verifyDocument: VerifyDocument;
  readonly fileVerificationReport: FileVerificationReport;
  readonly renderUnsignedReport: RenderUnsignedReport;
  /** Deletes filed reports past their retention; the sweep runs it, tests call it directly. */
  readonly purgeExpiredReports: PurgeExpiredReports;
  readonly lookupHash: LookupHash;
  readonly listAuditEvents: ListAuditEvents;
  readonly documentPreview: DocumentPreview;
  /** POST /tsa's use case; absent without a configured TSA. */
  readonly answerTimestampQuery?: (der: Buffer) => Promise<TimestampAnswer>;
  /** The rate limiters' counters in the database: one store per limiter, shared by every instance. */
  readonly rateLimitStore: RateLimitStoreFactory;
  readiness(): Promise<Readiness>;
  /** Stops the retention sweep and the verifier and renderer workers; call on shutdown, after the server stopped taking requests. */
  close(): Promise<void>;
};

/** Per file: a hostile PDF gets this long and this much heap in its worker before it is refused. */
const VERIFY_TIMEOUT_MS = 20_000;
const VERIFY_MAX_HEAP_MB = 512;
/** A database that does not answer a ping within this is not ready. */
const PING_TIMEOUT_MS = 2_000;
const DAY_MS = 86_400_000;
const DEFAULT_REPORT_RETENTION_DAYS = 90;
const RETENTION_SWEEP_INTERVAL_MS = 3_600_000;

async function databaseAnswers(conn: Connection): Promise<boolean> {
  const ping = conn.db?.admin().ping().then((r) => r.ok === 1);
  if (!ping) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ping.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The report PDF draws with the font the seals use (one font, parsed once, shared by every
 * department); it is read from disk only when no department is configured.
 */
function reportPdfDeps(departments: ReadonlyMap<string, SigningDepartment>): ReportPdfDeps {
  const first = departments.values().next();
  return {
    font: first.done ? loadCjkFont() : first.value.sealFont,
    departmentNames: (code) => {
      const d = departments.get(code);
      return d && { zh: d.nameZh, en: d.nameEn };
    },
  };
}

/** Wires storage and use cases on an open connection; shared by main.ts and the tests. */
export async function composeServices(opts: {
  conn: Connection;
  departments: ReadonlyMap<string, SigningDepartment>;
  /** Department folders that could not be loaded, as they are now (they change on a reload). */
  skippedDepartments?: () => readonly SkippedDepartmentReport[];
  trust: TrustMaterial;
  publicBaseUrl: string;
  timeZone: string;
  clock?: () => Date;
  /** Decoded bytes per job (signing, verification) and for all verifications running at once. */
  memory?: { maxDecodedBytes: number; maxDecodedBytesInFlight?: number };
  /** Renders the public page's preview; default: MuPDF in worker threads, closed with the services. */
  pageRenderer?: PageRenderer;
  /** How long filed verification reports are kept (DOCSEAL_REPORT_RETENTION_DAYS). */
  reportRetentionDays?: number;
  /** Where a failed run of the retention sweep is reported. */
  onSweepError?: (e: unknown) => void;
  /** Where a failed cleanup of ended rate-limit windows is reported. */
  onRateLimitSweepError?: (e: unknown) => void;
  /** The built-in time-stamping authority, when one is configured. */
  tsa?: TimeStampAuthority;
  /** Where signed files are kept (main.ts: openBlobStore); default GridFS on `conn`. */
  blobs?: BlobStore;
}): Promise<Services> {
  const clock = opts.clock ?? (() => new Date());
  const limits: PdfLimits = Object.freeze({ ...DEFAULT_PDF_LIMITS, ...(opts.memory ? { maxDecodedBytes: opts.memory.maxDecodedBytes } : {}) });
  const tsa = opts.tsa;
  const [documents, apiKeyRepo, linkRepo, previews, rateLimitStore, timestampTokens] = await Promise.all([
    openDocumentRepository(opts.conn, clock),
    openApiKeyRepository(opts.conn),
    openApplicantLinkRepository(opts.conn),
    openPreviewRepository(opts.conn),
    // Rate limits run on real time, not `clock`: express-rate-limit's headers count from Date.now().
    openRateLimitStores(opts.conn, { onError: opts.onRateLimitSweepError ?? (() => undefined) }),
    openTimestampTokenRepository(opts.conn),
  ]);
  const blobs = opts.blobs ?? new GridFsBlobStore(opts.conn);
  // One log per process: its appends queue behind each other, which saves retries under load.
  const audit = new AuditLog(opts.conn, clock);
  const signDocument = createSignDocument({ departments: opts.departments, documents, blobs, publicBaseUrl: opts.publicBaseUrl, timeZone: opts.timeZone, clock, limits });
  const applicantLinks = new ApplicantLinks(linkRepo, documents, clock);
  const pool = new VerifyPool({
    size: Math.min(2, availableParallelism()),
    timeoutMs: VERIFY_TIMEOUT_MS,
    maxHeapMb: VERIFY_MAX_HEAP_MB,
    anchors: opts.trust.anchors,
    crls: opts.trust.crls,
    limits,
    ...(opts.memory?.maxDecodedBytesInFlight !== undefined ? { maxDecodedBytesInFlight: opts.memory.maxDecodedBytesInFlight } : {}),
  });
  // Starts no worker until a page is rendered, so an injected renderer leaves it idle.
  const ownRenderer = new WorkerPageRenderer(PREVIEW_RENDERER_OPTIONS);
  const renderer = opts.pageRenderer ?? ownRenderer;
  const reportPdf = reportPdfDeps(opts.departments);
  const retentionMs = (opts.reportRetentionDays ?? DEFAULT_REPORT_RETENTION_DAYS) * DAY_MS;
  const purgeExpiredReports = createPurgeExpiredReports({ documents, blobs, clock });
  const sweep = startReportRetentionSweep({ purge: purgeExpiredReports, intervalMs: RETENTION_SWEEP_INTERVAL_MS, onError: opts.onSweepError ?? (() => undefined) });
  return {
    apiKeys: new ApiKeys(apiKeyRepo, clock),
    audit,
    documents,
    blobs,
    issueDocument: createIssueDocument({ signDocument, applicantLinks, audit }),
    recordDownload: createRecordDownload({ audit }),
    downloadByLink: createDownloadByLink({ applicantLinks, audit }),
    revokeDocument: createRevokeDocument({ documents, audit, clock }),
    verifyDocument: createVerifyDocument({ verifier: pool, documents, audit, clock, departments: opts.departments, publicBaseUrl: opts.publicBaseUrl }),
    fileVerificationReport: createFileVerificationReport({ ...reportPdf, signDocument, blobs, audit, timeZone: opts.timeZone, clock, retentionMs }),
    renderUnsignedReport: createRenderUnsignedReport({ ...reportPdf, timeZone: opts.timeZone, clock }),
    purgeExpiredReports,
    lookupHash: createLookupHash({ documents }),
    listAuditEvents: createListAuditEvents({ audit, documents }),
    documentPreview: createDocumentPreview({ previews, blobs, renderer, clock }),
    rateLimitStore,
    ...(tsa ? { answerTimestampQuery: (der: Buffer) => answerTimestampQuery({ tsa, tokens: timestampTokens, now: clock }, der) } : {}),
    readiness: async () => {
      const skippedDepartments = opts.skippedDepartments?.() ?? [];
      const checks = { database: await databaseAnswers(opts.conn), keys: opts.departments.size > 0, verifier: pool.alive() };
      return skippedDepartments.length > 0 ? { ...checks, skippedDepartments } : checks;
    },
    close: async () => {
      await sweep.stop();
      await Promise.all([pool.close(), ownRenderer.close()]);
    },
  };
}
