import type { Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from '../../logging/create-logger.js';
import { isDocsealError } from '../../core/errors.js';
import { publicActor } from '../../services/audit-trail.js';
import type { DocumentPreview } from '../../services/document-preview.js';
import { DOCUMENT_ID_PATTERN } from '../../services/document-id.js';
import type { RecordDownload } from '../../services/record-download.js';
import { formatZonedTime } from '../../services/seal-time.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { DocumentRepository } from '../../storage/document-repository.js';
import type { DocumentRecord } from '../../storage/models/document.js';
import type { RateLimitStoreFactory } from '../../storage/rate-limit-store.js';
import { DOCSEAL_CSS } from '../../views/assets/docseal-css.js';
import { VERIFY_DROP_JS } from '../../views/assets/verify-drop-js.js';
import { renderDocumentPage } from '../../views/document-page.js';
import { renderNotFoundPage } from '../../views/not-found-page.js';
import { perClientRateLimit } from '../middleware/rate-limit.js';
import type { DepartmentNames } from '../presenters/document.js';
import { sendBlob } from '../send-blob.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

/** A department's names and its policy for the public page. */
export type PublicDepartment = DepartmentNames & { readonly publicDownload: boolean; readonly publicPreview: boolean };

export type PublicPagesDeps = {
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly recordDownload: RecordDownload;
  readonly documentPreview: DocumentPreview;
  readonly departments: ReadonlyMap<string, PublicDepartment>;
  readonly timeZone: string;
  readonly lookupRateLimit: number;
  /** The limiters' counters, shared by every instance of the service. */
  readonly rateLimitStore: RateLimitStoreFactory;
  readonly log: Logger;
};

function departmentOf(record: DocumentRecord, deps: PublicPagesDeps): PublicDepartment {
  const code = record.department;
  return deps.departments.get(code) ?? { code, nameZh: code, nameEn: code, publicDownload: false, publicPreview: false };
}

async function publicRecord(req: Request, deps: PublicPagesDeps): Promise<DocumentRecord | undefined> {
  const id = String(req.params.id);
  return DOCUMENT_ID_PATTERN.test(id) ? deps.documents.findById(id) : undefined;
}

function notFound(res: Response): void {
  res.status(404).type('html').send(renderNotFoundPage());
}

function documentPage(deps: PublicPagesDeps): RequestHandler {
  return async (req, res) => {
    const record = await publicRecord(req, deps);
    if (!record) return notFound(res);
    const department = departmentOf(record, deps);
    // The status can change (revocation): the page is fetched again rather than served from a cache.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(
      renderDocumentPage({
        id: record._id,
        department,
        title: record.title,
        signedAtText: formatZonedTime(record.signedAt, deps.timeZone).text,
        sha256Original: record.sha256Original,
        sha256Signed: record.sha256Signed,
        status: record.status,
        revocationReason: record.revocationReason,
        downloadUrl: department.publicDownload ? `/v/${record._id}/file` : undefined,
        sealPage: record.page,
        previewUrl: department.publicPreview ? `/v/${record._id}/preview` : undefined,
      }),
    );
  };
}

/** The signed file, only where the issuing department's policy lets the public download it. */
function publicDownload(deps: PublicPagesDeps): RequestHandler {
  return async (req, res) => {
    const record = await publicRecord(req, deps);
    if (!record || !departmentOf(record, deps).publicDownload) return notFound(res);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('Content-Disposition', `attachment; filename="${record._id}.pdf"`);
    res.setHeader('Cache-Control', 'no-cache');
    // A HEAD hands out no bytes, so it is not a download to audit.
    if (req.method === 'HEAD') return void res.end();
    await deps.recordDownload(record, publicActor(req.ip));
    await sendBlob(deps.blobs.open(record.fileId), res);
  };
}

/**
 * The rendering of the registered file's seal page, where the issuing department allows it. A revoked
 * document keeps it: the page above it states the revocation, and whoever holds a revoked paper needs
 * the rendering most, to see that it is this document that was revoked; the image shows no more than
 * that paper, whose QR code led here.
 */
function publicPreview(deps: PublicPagesDeps): RequestHandler {
  return async (req, res) => {
    const record = await publicRecord(req, deps);
    if (!record || !departmentOf(record, deps).publicPreview) return notFound(res);
    const outcome = await deps.documentPreview(record);
    if (outcome.kind === 'unavailable') {
      if (isDocsealError(outcome.error) && outcome.error.code === 'rate_limited') throw outcome.error;
      if (outcome.error !== undefined) req.log.warn({ err: outcome.error, documentId: record._id }, 'preview rendering failed');
      return notFound(res);
    }
    res.setHeader('Content-Type', outcome.preview.contentType);
    res.setHeader('Content-Length', String(outcome.preview.size));
    // A registered file never changes, so neither does its rendering; private, so shared caches keep no
    // document content, and an hour, so a department that withdraws previews is obeyed soon.
    res.setHeader('Cache-Control', 'private, max-age=3600');
    if (req.method === 'HEAD') return void res.end();
    await sendBlob(outcome.preview.open(), res);
  };
}

function staticAsset(type: string, body: string): RequestHandler {
  const bytes = Buffer.from(body, 'utf8');
  return (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type(type).send(bytes);
  };
}

/** The QR code's target `/v/<id>`, its optional public download and preview, and the pages' static assets. */
export function publicPageRoutes(deps: PublicPagesDeps): Router {
  const router = caseSensitiveRouter();
  const limit = perClientRateLimit({ perMinute: deps.lookupRateLimit, store: deps.rateLimitStore('public-pages'), log: deps.log });
  router.get('/static/docseal.css', staticAsset('text/css; charset=utf-8', DOCSEAL_CSS));
  router.get('/static/verify-drop.js', staticAsset('text/javascript; charset=utf-8', VERIFY_DROP_JS));
  router.get('/v/:id', limit, documentPage(deps));
  router.get('/v/:id/file', limit, publicDownload(deps));
  router.get('/v/:id/preview', limit, publicPreview(deps));
  return router;
}
