import type { Connection } from 'mongoose';
import { ApiKeys } from './services/api-keys.js';
import { createSignDocument, type SignDocument } from './services/sign-document.js';
import type { SigningDepartment } from './services/signing-department.js';
import type { BlobStore } from './storage/blob-store.js';
import { openApiKeyRepository } from './storage/api-key-repository.js';
import { openDocumentRepository, type DocumentRepository } from './storage/document-repository.js';
import { GridFsBlobStore } from './storage/gridfs-blob-store.js';

export type Services = {
  readonly apiKeys: ApiKeys;
  readonly documents: DocumentRepository;
  readonly blobs: BlobStore;
  readonly signDocument: SignDocument;
};

/** Wires storage and use cases on an open connection; shared by main.ts and the tests. */
export async function composeServices(opts: {
  conn: Connection;
  departments: ReadonlyMap<string, SigningDepartment>;
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
  return { apiKeys: new ApiKeys(apiKeyRepo, clock), documents, blobs, signDocument };
}
