import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore } from '../storage/blob-store.js';
import type { DocumentRecord } from '../storage/models/document.js';
import type { PreviewRecord } from '../storage/models/preview.js';
import type { PreviewRepository } from '../storage/preview-repository.js';

export type PageImage = { readonly bytes: Buffer; readonly contentType: 'image/png' | 'image/jpeg' };

/** Renders one page (1-based) of a PDF somewhere safe (src/workers/page-renderer.ts: off the main thread, bounded). */
export interface PageRenderer {
  render(pdf: Buffer, page: number): Promise<PageImage>;
}

export type StoredPreview = { readonly contentType: string; readonly size: number; open(): Readable };

export type PreviewOutcome =
  | { readonly kind: 'ready'; readonly preview: StoredPreview }
  /** `error` is set on the request whose rendering failed; later ones within the cool-down carry none. */
  | { readonly kind: 'unavailable'; readonly error?: unknown };

/** The rendering of the document's seal page, made on first request and stored once for every instance. */
export type DocumentPreview = (record: DocumentRecord) => Promise<PreviewOutcome>;

export type DocumentPreviewDeps = {
  readonly previews: PreviewRepository;
  readonly blobs: BlobStore;
  readonly renderer: PageRenderer;
  readonly clock: () => Date;
};

/** A page that failed to render is not tried again for this long, so requests cannot make it spin. */
const FAILURE_COOL_DOWN_MS = 10 * 60_000;
/** Failures remembered at most; the oldest is forgotten first. */
const MAX_REMEMBERED_FAILURES = 1_000;

const EXTENSIONS: Readonly<Record<PageImage['contentType'], string>> = { 'image/png': 'png', 'image/jpeg': 'jpg' };

async function readBlob(blobs: BlobStore, record: DocumentRecord): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.open(record.fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function stored(blobs: BlobStore, preview: PreviewRecord): PreviewOutcome {
  return { kind: 'ready', preview: { contentType: preview.contentType, size: preview.size, open: () => blobs.open(preview.blobId) } };
}

/**
 * Renders the signed file as it is registered (never an upload), writes the image first and the
 * record last (FerretDB v1 has no transactions); when another instance stored its rendering first, ours is removed.
 */
async function renderAndStore(deps: DocumentPreviewDeps, record: DocumentRecord): Promise<PreviewOutcome> {
  const image = await deps.renderer.render(await readBlob(deps.blobs, record), record.page);
  const sha256 = createHash('sha256').update(image.bytes).digest('hex');
  const filename = `${record._id}-page-${record.page}.${EXTENSIONS[image.contentType]}`;
  const blobId = await deps.blobs.put([image.bytes], { filename, contentType: image.contentType, sha256 });
  const candidate = { _id: record._id, blobId, contentType: image.contentType, size: image.bytes.length, page: record.page, createdAt: deps.clock() };
  try {
    const { record: kept, inserted } = await deps.previews.insertFirst(candidate);
    if (!inserted) await deps.blobs.delete(blobId);
    return stored(deps.blobs, kept);
  } catch (e) {
    await deps.blobs.delete(blobId).catch(() => undefined);
    throw e;
  }
}

export function createDocumentPreview(deps: DocumentPreviewDeps): DocumentPreview {
  // Requests for a document being rendered wait for that rendering instead of starting another.
  const inFlight = new Map<string, Promise<PreviewOutcome>>();
  const failedAt = new Map<string, number>();
  const recentlyFailed = (id: string): boolean => (failedAt.get(id) ?? -Infinity) > deps.clock().getTime() - FAILURE_COOL_DOWN_MS;
  const remember = (id: string): void => {
    failedAt.delete(id);
    failedAt.set(id, deps.clock().getTime());
    if (failedAt.size > MAX_REMEMBERED_FAILURES) failedAt.delete(failedAt.keys().next().value!);
  };
  const attempt = async (record: DocumentRecord): Promise<PreviewOutcome> => {
    try {
      return await renderAndStore(deps, record);
    } catch (error) {
      // A busy renderer says nothing about the page: the next request tries again.
      if ((error as { code?: unknown }).code !== 'rate_limited') remember(record._id);
      return { kind: 'unavailable', error };
    }
  };
  return async (record) => {
    const cached = await deps.previews.findById(record._id);
    if (cached) return stored(deps.blobs, cached);
    if (recentlyFailed(record._id)) return { kind: 'unavailable' };
    const running = inFlight.get(record._id) ?? attempt(record).finally(() => inFlight.delete(record._id));
    inFlight.set(record._id, running);
    return running;
  };
}
