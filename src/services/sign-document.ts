import type { Hash } from 'node:crypto';
import type { mongo } from 'mongoose';
import { DocsealError } from '../core/errors.js';
import type { PdfLimits } from '../core/limits.js';
import { signPdf } from '../core/sign/sign-pdf.js';
import type { Corner, SealContent, SignResult } from '../core/sign/types.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { DocumentRepository } from '../storage/document-repository.js';
import type { DocumentRecord } from '../storage/models/document.js';
import { newDocumentId } from './document-id.js';
import { formatZonedTime, type ZonedTime } from './seal-time.js';
import type { SigningDepartment } from './signing-department.js';

export type SignDocumentInput = {
  readonly department: string;
  readonly original: Buffer;
  /** SHA-256 over `original`, updated while it was uploaded and not yet digested. */
  readonly originalHash: Hash;
  readonly title?: string;
  readonly applicantRef?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly page?: number;
  readonly corner?: Corner;
  /** An invisible signature: no seal is drawn (the request's `seal=none`). */
  readonly invisible?: boolean;
  /** For a verification report: the department that asked for it, which owns the record. */
  readonly requestedBy?: string;
  /** For a verification report: when its retention ends. */
  readonly expiresAt?: Date;
};

export type SignDocumentDeps = {
  readonly departments: ReadonlyMap<string, SigningDepartment>;
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly publicBaseUrl: string;
  readonly timeZone: string;
  readonly clock: () => Date;
  readonly newId?: () => string;
  /** The reader's bounds, its decode budget per signing included; the core's defaults when absent. */
  readonly limits?: PdfLimits;
};

export type SignDocument = (input: SignDocumentInput) => Promise<DocumentRecord>;

export const verifyUrlFor = (publicBaseUrl: string, id: string): string => `${publicBaseUrl}/v/${id}`;

function sealContent(department: SigningDepartment, id: string, time: ZonedTime, input: SignDocumentInput, baseUrl: string): SealContent {
  return {
    departmentNameZh: department.nameZh,
    departmentNameEn: department.nameEn,
    signerName: department.nameEn,
    signingTimeText: time.text,
    documentId: id,
    hashPrefix: input.originalHash.copy().digest('hex').slice(0, 16),
    verifyUrl: verifyUrlFor(baseUrl, id),
    image: department.sealImage,
  };
}

type Signed = { readonly id: string; readonly signingTime: Date; readonly result: SignResult; readonly fileId: mongo.ObjectId };

function recordOf(department: string, input: SignDocumentInput, signed: Signed, createdAt: Date): DocumentRecord {
  const { result } = signed;
  return {
    _id: signed.id,
    department,
    title: input.title,
    applicantRef: input.applicantRef,
    reason: input.reason,
    location: input.location,
    sha256Original: result.sha256Original,
    sha256Signed: result.sha256Signed,
    sha256SignedRange: result.sha256SignedRange,
    fileId: signed.fileId,
    size: result.original.length + result.update.length,
    status: 'active',
    createdAt,
    signedAt: signed.signingTime,
    fieldName: result.fieldName,
    page: result.page,
    warnings: result.warnings.map(({ code, message }) => ({ code, message })),
    ...(input.requestedBy === undefined ? {} : { requestedBy: input.requestedBy }),
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
  };
}

/**
 * Signs an upload for a department and records it. The id is drawn before signing because the seal
 * and its QR code carry it. "A record is visible only once its bytes are stored": the blob is written
 * first and the record last; when the record cannot be written the blob is removed again.
 */
export function createSignDocument(deps: SignDocumentDeps): SignDocument {
  const newId = deps.newId ?? newDocumentId;
  return async (input) => {
    const department = deps.departments.get(input.department);
    if (!department) {
      throw new DocsealError('key_unavailable', `no signing key is loaded for department ${input.department}`);
    }
    const id = newId();
    const signingTime = deps.clock();
    const zoned = formatZonedTime(signingTime, deps.timeZone);
    const result = await signPdf({
      original: input.original,
      originalHash: input.originalHash,
      identity: department.identity,
      seal: sealContent(department, id, zoned, input, deps.publicBaseUrl),
      sealFont: department.sealFont,
      placement: { page: input.page, corner: input.corner ?? department.stampPosition },
      invisible: input.invisible,
      strictInput: department.strictInput,
      reason: input.reason,
      location: input.location,
      signerName: department.nameEn,
      signingTime,
      utcOffsetMinutes: zoned.utcOffsetMinutes,
    }, deps.limits);
    const meta = { filename: `${id}.pdf`, contentType: 'application/pdf', sha256: result.sha256Signed };
    const fileId = await deps.blobs.put([result.original, result.update], meta);
    try {
      return await deps.documents.insert(recordOf(department.code, input, { id, signingTime, result, fileId }, deps.clock()));
    } catch (e) {
      await deps.blobs.delete(fileId).catch(() => undefined);
      throw e;
    }
  };
}
