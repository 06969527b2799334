import type { Request, RequestHandler, Response, Router } from 'express';
import { DocsealError } from '../../core/errors.js';
import type { VerificationReport } from '../../core/verify/report.js';
import type { Logger } from '../../logging/create-logger.js';
import { departmentActor, publicActor } from '../../services/audit-trail.js';
import type { FileVerificationReport, RenderUnsignedReport } from '../../services/file-verification-report.js';
import type { LookupHash } from '../../services/lookup-hash.js';
import type { VerifyDocument } from '../../services/verify-document.js';
import type { Bilingual } from '../../views/labels.js';
import type { RateLimitStoreFactory } from '../../storage/rate-limit-store.js';
import { renderReportPage } from '../../views/report-page.js';
import type { Authenticate } from '../middleware/auth.js';
import { keyOrClientRateLimit } from '../middleware/key-or-client-rate-limit.js';
import { perClientRateLimit } from '../middleware/rate-limit.js';
import type { DepartmentNames } from '../presenters/document.js';
import { presentPublicDocument } from '../presenters/public-document.js';
import { singleFileUpload, uploadedFile } from '../upload.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type VerifyRoutesDeps = {
  readonly authenticate: Authenticate;
  readonly verifyDocument: VerifyDocument;
  readonly fileVerificationReport: FileVerificationReport;
  readonly renderUnsignedReport: RenderUnsignedReport;
  readonly lookupHash: LookupHash;
  readonly departments: ReadonlyMap<string, DepartmentNames>;
  readonly maxUploadBytes: number;
  /** Anonymous verification uploads per client and minute. */
  readonly verifyRateLimit: number;
  /** Verification uploads per department API key and minute (they do not count against the client's). */
  readonly keyVerifyRateLimit: number;
  /** The limiters' counters, shared by every instance of the service. */
  readonly rateLimitStore: RateLimitStoreFactory;
  /** Hash lookups and public pages per client and minute. */
  readonly lookupRateLimit: number;
  readonly log: Logger;
};

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

type Format = 'json' | 'html' | 'pdf';

/** `?format=pdf` wins; otherwise the Accept header picks JSON (the default) or an HTML page. */
function responseFormat(req: Request): Format {
  const asked = req.query.format;
  if (asked === undefined) return req.accepts(['application/json', 'text/html']) === 'text/html' ? 'html' : 'json';
  if (asked === 'pdf' || asked === 'json' || asked === 'html') return asked;
  throw new DocsealError('invalid_request', 'format must be json, html or pdf', { field: 'format' });
}

/**
 * The PDF report. Signed with the service's key and kept (201, its record at Location) only for a
 * department that sent its API key: it owns the record. An anonymous caller gets an unsigned copy that
 * says so on its face and is neither stored nor signed (200): otherwise anyone could have the service
 * sign a document carrying text of their choosing, and fill its storage one upload at a time.
 */
async function sendPdfReport(req: Request, res: Response, deps: VerifyRoutesDeps, report: VerificationReport): Promise<void> {
  res.type('application/pdf');
  if (!req.auth) {
    const pdf = await deps.renderUnsignedReport(report);
    res.setHeader('Content-Disposition', `attachment; filename="verification-report-${report.sha256.slice(0, 16)}-unsigned.pdf"`);
    res.status(200).send(pdf);
    return;
  }
  const filed = await deps.fileVerificationReport(report, { department: req.auth.department, keyId: req.auth.keyId });
  req.log.info({ reportId: filed.record._id }, 'verification report filed');
  res
    .status(201)
    .location(`/v/${filed.record._id}`)
    .setHeader('Content-Disposition', `attachment; filename="verification-report-${filed.record._id}.pdf"`)
    .send(filed.pdf);
}

function namesOf(departments: ReadonlyMap<string, DepartmentNames>, code: string): Bilingual | undefined {
  const d = departments.get(code);
  return d && { zh: d.nameZh, en: d.nameEn };
}

async function sendReport(req: Request, res: Response, deps: VerifyRoutesDeps, report: VerificationReport, format: Format): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'html') {
    res.type('html').send(renderReportPage(report, (code) => namesOf(deps.departments, code)));
    return;
  }
  if (format === 'json') {
    res.json(report);
    return;
  }
  await sendPdfReport(req, res, deps, report);
}

function verifyRoute(deps: VerifyRoutesDeps): RequestHandler {
  return async (req, res) => {
    const format = responseFormat(req);
    const file = uploadedFile(req);
    if (!file) throw new DocsealError('missing_file', 'send the PDF as multipart/form-data field "file"');
    const actor = req.auth ? departmentActor(req.auth.department, req.auth.keyId) : publicActor(req.ip);
    const report = await deps.verifyDocument(file.buffer, actor);
    req.log.info({ sha256: report.sha256, verdict: report.verdict, signatures: report.signatures.length }, 'document verified');
    await sendReport(req, res, deps, report, format);
  };
}

function hashRoute(deps: VerifyRoutesDeps): RequestHandler {
  return async (req, res) => {
    const given = String(req.params.sha256);
    if (!SHA256_HEX.test(given)) throw new DocsealError('invalid_request', 'the hash must be 64 hexadecimal digits (SHA-256)', { field: 'sha256' });
    const sha256 = given.toLowerCase();
    const matches = await deps.lookupHash(sha256);
    const documents = matches.map(({ record, matched }) => {
      const department = deps.departments.get(record.department) ?? { code: record.department, nameZh: record.department, nameEn: record.department };
      return presentPublicDocument(record, department, matched);
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ sha256, known: documents.length > 0, documents });
  };
}

/**
 * /api/v1/verify: public, no API key; a department that sends its key is audited as itself, the key
 * must carry the "verify" role, and its uploads count against the key's own quota instead of its
 * address's. Uploads are rate limited before the body is read, so a flood is refused without
 * buffering it; the verifier itself runs in the worker pool.
 */
export function verifyRoutes(deps: VerifyRoutesDeps): Router {
  const router = caseSensitiveRouter();
  const upload = singleFileUpload('file', deps.maxUploadBytes);
  const quota = keyOrClientRateLimit({
    authenticate: deps.authenticate,
    role: 'verify',
    perClient: { perMinute: deps.verifyRateLimit, store: deps.rateLimitStore('verify') },
    perKey: { perMinute: deps.keyVerifyRateLimit, store: deps.rateLimitStore('verify-key') },
    log: deps.log,
  });
  router.post('/', quota, upload, verifyRoute(deps));
  router.get('/hash/:sha256', perClientRateLimit({ perMinute: deps.lookupRateLimit, store: deps.rateLimitStore('hash-lookup'), log: deps.log }), hashRoute(deps));
  return router;
}
