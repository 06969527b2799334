import { availableParallelism } from 'node:os';
import type { Connection } from 'mongoose';
import type { TrustMaterial } from './keys/trust-store.js';
import { ApiKeys } from './services/api-keys.js';
import { createFileVerificationReport, type FileVerificationReport } from './services/file-verification-report.js';
import { createLookupHash, type LookupHash } from './services/lookup-hash.js';
import { createRevokeDocument, type RevokeDocument } from './services/revoke-document.js';
import { createSignDocument, type SignDocument } from './services/sign-document.js';
import type { SigningDepartment } from './services/signing-department.js';
import { createVerifyDocument, type VerifyDocument } from './services/verify-document.js';
import type { BlobStore } from './storage/blob-store.js';
import { openApiKeyRepository } from './storage/api-key-repository.js';
import { openDocumentRepository, type DocumentRepository } from './storage/document-repository.js';
import { GridFsBlobStore } from './storage/gridfs-blob-store.js';
import { VerifyPool } from './workers/verify-pool.js';

export type Services = {
  readonly apiKeys: ApiKeys;
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly signDocument: SignDocument;
  readonly revokeDocument: RevokeDocument;
  readonly verifyDocument: VerifyDocument;
  readonly fileVerificationReport: FileVerificationReport;
  readonly lookupHash: LookupHash;
  /** Stops the verifier workers; call on shutdown, after the server stopped taking requests. */
  close(): Promise<void>;
};

/** Per file: a hostile PDF gets this long and this much heap in its worker before it is refused. */
const VERIFY_TIMEOUT_MS = 20_000;
const VERIFY_MAX_HEAP_MB = 512;

/** Wires storage and use cases on an open connection; shared by main.ts and the tests. */
export async function composeServices(opts: {
  conn: Connection;
  departments: ReadonlyMap<string, SigningDepartment>;
  trust: TrustMaterial;
  publicBaseUrl: string;
  timeZone: string;
  clock?: () => Date;
}): Promise<Services> {
  const clock = opts.clock ?? (() => new Date());
  const [documents, apiKeyRepo] = await Promise.all([openDocumentRepository(opts.conn), openApiKeyRepository(opts.conn)]);
  const blobs = new GridFsBlobStore(opts.conn);
  const signDocument = createSignDocument({
    departments: opts.departments,
    documents,
    blobs,
    publicBaseUrl: opts.publicBaseUrl,
    timeZone: opts.timeZone,
    clock,
  });
  const pool = new VerifyPool({
    size: Math.min(2, availableParallelism()),
    timeoutMs: VERIFY_TIMEOUT_MS,
    maxHeapMb: VERIFY_MAX_HEAP_MB,
    anchors: opts.trust.anchors,
    crls: opts.trust.crls,
  });
  return {
    apiKeys: new ApiKeys(apiKeyRepo, clock),
    documents,
    blobs,
    signDocument,
    revokeDocument: createRevokeDocument({ documents, clock }),
    verifyDocument: createVerifyDocument({ verifier: pool, documents, clock }),
    fileVerificationReport: createFileVerificationReport({
      signDocument,
      blobs,
      timeZone: opts.timeZone,
      clock,
    }),
    lookupHash: createLookupHash({ documents }),
    close: () => pool.close(),
  };
}
