import type { RequestHandler, Router } from 'express';
import type { Logger } from '../../logging/create-logger.js';
import type { DownloadByLink } from '../../services/download-by-link.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { RateLimitStoreFactory } from '../../storage/rate-limit-store.js';
import { perClientRateLimit } from '../middleware/rate-limit.js';
import { sendBlob } from '../send-blob.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type ApplicantLinkRoutesDeps = {
  readonly downloadByLink: DownloadByLink;
  readonly blobs: BlobStore;
  readonly lookupRateLimit: number;
  /** The limiters' counters, shared by every instance of the service. */
  readonly rateLimitStore: RateLimitStoreFactory;
  readonly log: Logger;
};

function applicantDownload(deps: ApplicantLinkRoutesDeps): RequestHandler {
  return async (req, res) => {
    const record = await deps.downloadByLink({ token: String(req.params.token), address: req.ip });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('Content-Disposition', `attachment; filename="${record._id}.pdf"`);
    // Each fetch counts against the link's limit: no cache may answer in its place or keep a copy.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    await sendBlob(deps.blobs.open(record.fileId), res);
  };
}

/**
 * GET /d/<token>: the applicant's download, without an account. Rate limited per client, so tokens
 * cannot be guessed at speed (they carry 256 random bits in any case). 404 unknown, 410 link_expired.
 */
export function applicantLinkRoutes(deps: ApplicantLinkRoutesDeps): Router {
  const router = caseSensitiveRouter();
  // A HEAD (link checkers, mail scanners) must not use up a download the applicant may have only one of.
  router.head('/d/:token', (_req, res) => {
    res.setHeader('Allow', 'GET');
    res.status(405).end();
  });
  router.get('/d/:token', perClientRateLimit({ perMinute: deps.lookupRateLimit, store: deps.rateLimitStore('applicant-download'), log: deps.log }), applicantDownload(deps));
  return router;
}
