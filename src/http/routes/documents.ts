import express, { type Request, type RequestHandler, type Router } from 'express';
import { DocsealError } from '../../core/errors.js';
import { applicantUrlFor } from '../../services/applicant-links.js';
import { departmentActor } from '../../services/audit-trail.js';
import { DOCUMENT_ID_PATTERN } from '../../services/document-id.js';
import type { IssueDocument } from '../../services/issue-document.js';
import type { RecordDownload } from '../../services/record-download.js';
import type { RevokeDocument } from '../../services/revoke-document.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { DocumentRepository } from '../../storage/document-repository.js';
import type { DocumentRecord } from '../../storage/models/document.js';
import { requireApiKey, type Authenticate } from '../middleware/auth.js';
import { presentDocument, type DepartmentNames } from '../presenters/document.js';
import { parseRevokeBody } from '../schemas/revoke-body.js';
import { parseSignFields } from '../schemas/sign-fields.js';
import { sendBlob } from '../send-blob.js';
import { singleFileUpload, uploadedFile } from '../upload.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type DocumentRoutesDeps = {
  readonly authenticate: Authenticate;
  readonly issueDocument: IssueDocument;
  readonly recordDownload: RecordDownload;
  readonly revokeDocument: RevokeDocument;
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly departments: ReadonlyMap<string, DepartmentNames>;
  readonly publicBaseUrl: string;
  readonly maxUploadBytes: number;
};

/** The names of the department that signed `record` (for a filed report, the service, not its owner). */
function issuerOf(record: DocumentRecord, deps: DocumentRoutesDeps): DepartmentNames {
  const code = record.department;
  return deps.departments.get(code) ?? { code, nameZh: code, nameEn: code };
}

const actorOf = (req: Request) => departmentActor(req.auth!.department, req.auth!.keyId);

/** Another department's document answers exactly like an unknown id: its existence is not disclosed. */
async function ownedRecord(req: Request, deps: DocumentRoutesDeps): Promise<DocumentRecord> {
  const id = String(req.params.id);
  const record = DOCUMENT_ID_PATTERN.test(id) ? await deps.documents.findOwned(id, req.auth!.department) : undefined;
  if (!record) throw new DocsealError('not_found', 'no such document');
  return record;
}

/** 201 with the record and the applicant link; the link's token is shown here once and stored only hashed. */
function signRoute(deps: DocumentRoutesDeps): RequestHandler {
  return async (req, res) => {
    const file = uploadedFile(req);
    if (!file) throw new DocsealError('missing_file', 'send the PDF as multipart/form-data field "file"');
    const { link, ...fields } = parseSignFields(req.body);
    const { record, applicantLink } = await deps.issueDocument({
      ...fields,
      link,
      department: req.auth!.department,
      actor: actorOf(req),
      original: file.buffer,
      originalHash: file.hash,
    });
    req.log.info({ documentId: record._id, size: record.size }, 'document signed');
    res.status(201).location(`/api/v1/documents/${record._id}`).json({
      ...presentDocument(record, issuerOf(record, deps), deps.publicBaseUrl),
      applicantUrl: applicantUrlFor(deps.publicBaseUrl, applicantLink.token),
      applicantLink: { expiresAt: applicantLink.expiresAt?.toISOString() ?? null, maxDownloads: applicantLink.maxDownloads ?? null },
    });
  };
}

function downloadRoute(deps: DocumentRoutesDeps): RequestHandler {
  return async (req, res) => {
    const record = await ownedRecord(req, deps);
    const etag = `"${record.sha256Signed}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.headers['if-none-match'] === etag) {
      // The client has these bytes already: nothing is handed out, so nothing is audited.
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('Content-Disposition', `attachment; filename="${record._id}.pdf"`);
    // A HEAD hands out no bytes, so it is not a download to audit.
    if (req.method === 'HEAD') return void res.end();
    await deps.recordDownload(record, actorOf(req));
    await sendBlob(deps.blobs.open(record.fileId), res);
  };
}

function revokeRoute(deps: DocumentRoutesDeps): RequestHandler {
  return async (req, res) => {
    const { reason } = parseRevokeBody(req.body);
    const record = await deps.revokeDocument({ id: String(req.params.id), department: req.auth!.department, reason, actor: actorOf(req) });
    req.log.info({ documentId: record._id }, 'document revoked');
    res.json(presentDocument(record, issuerOf(record, deps), deps.publicBaseUrl));
  };
}

/**
 * /api/v1/documents: sign (role "sign"), read the record and download the signed PDF (role "read"),
 * revoke (role "revoke"; only the issuing department).
 */
export function documentRoutes(deps: DocumentRoutesDeps): Router {
  const router = caseSensitiveRouter();
  const upload = singleFileUpload('file', deps.maxUploadBytes);
  router.post('/', requireApiKey(deps.authenticate, 'sign'), upload, signRoute(deps));
  router.get('/:id', requireApiKey(deps.authenticate, 'read'), async (req, res) => {
    const record = await ownedRecord(req, deps);
    res.json(presentDocument(record, issuerOf(record, deps), deps.publicBaseUrl));
  });
  router.get('/:id/file', requireApiKey(deps.authenticate, 'read'), downloadRoute(deps));
  router.post('/:id/revoke', requireApiKey(deps.authenticate, 'revoke'), express.json({ limit: '8kb' }), revokeRoute(deps));
  return router;
}
