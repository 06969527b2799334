import type { BlobStore } from '../storage/blob-store.js';
import type { DocumentRepository } from '../storage/document-repository.js';

/** Deletes every record past its retention, with its blob; resolves to how many it deleted. */
export type PurgeExpiredReports = () => Promise<number>;

export type ReportRetentionSweep = { stop(): Promise<void> };

const BATCH = 100;
/** One run deletes at most this many batches, so a backlog is worked off over several runs. */
const MAX_BATCHES = 50;

/**
 * Filed verification reports are kept for a limited time (`expiresAt`). Reads stop finding them when
 * it passes; this deletes them. The blob goes first and the record last: a crash between the two
 * leaves an expired record, never served, that the next run finds again (deleting a missing blob is
 * not an error), rather than a blob no record points at.
 */
export function createPurgeExpiredReports(deps: {
  readonly documents: Pick<DocumentRepository, 'expired' | 'delete'>;
  readonly blobs: BlobStore;
  readonly clock: () => Date;
}): PurgeExpiredReports {
  return async () => {
    const now = deps.clock();
    let deleted = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const records = await deps.documents.expired(now, BATCH);
      for (const record of records) {
        await deps.blobs.delete(record.fileId);
        await deps.documents.delete(record._id);
        deleted += 1;
      }
      if (records.length < BATCH) break;
    }
    return deleted;
  };
}

/**
 * Runs `purge` now and then every `intervalMs`, one run at a time (so a service restarted more often
 * than that still purges); the timer does not keep the process alive. Every instance may run it: two
 * deleting the same record both succeed.
 */
export function startReportRetentionSweep(opts: {
  readonly purge: PurgeExpiredReports;
  readonly intervalMs: number;
  readonly onError: (e: unknown) => void;
}): ReportRetentionSweep {
  let running: Promise<void> | undefined;
  const tick = (): void => {
    if (running) return;
    running = opts
      .purge()
      .then(() => undefined, opts.onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
