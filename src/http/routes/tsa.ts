import express, { type Router } from 'express';
import { DocsealError } from '../../core/errors.js';
import { MAX_REQUEST_BYTES } from '../../core/tsp/timestamp-request.js';
import type { Logger } from '../../logging/create-logger.js';
import type { TimestampAnswer } from '../../services/time-stamping.js';
import type { RateLimitStoreFactory } from '../../storage/rate-limit-store.js';
import { perClientRateLimit } from '../middleware/rate-limit.js';
import { caseSensitiveRouter } from '../router.js';
import '../request-context.js';

export type TsaRoutesDeps = {
  readonly answerTimestampQuery: (der: Buffer) => Promise<TimestampAnswer>;
  readonly rateLimitStore: RateLimitStoreFactory;
  /** Time-stamp requests per client and minute. */
  readonly timestampRateLimit: number;
  readonly log: Logger;
};

/** RFC 3161 §3.4: the media types of a time-stamp query and its reply over HTTP. */
const QUERY_TYPE = 'application/timestamp-query';
const REPLY_TYPE = 'application/timestamp-reply';

/** The status a rejected request gets: the TSA's own failure is ours (503), the rest the client's (400). */
function httpStatusOf(answer: TimestampAnswer): number {
  if (answer.status === 'granted') return 200;
  return answer.failure === 'systemFailure' || answer.failure === 'timeNotAvailable' ? 503 : 400;
}

/**
 * `POST /tsa`: a DER TimeStampReq in, a DER TimeStampResp out (RFC 3161 §3.4). A request the TSA
 * refuses still gets a TimeStampResp, with status rejection and its failure bit, so RFC 3161 clients
 * read the reason; the HTTP status says the same to everything else.
 */
export function tsaRoutes(deps: TsaRoutesDeps): Router {
  const router = caseSensitiveRouter();
  router.post(
    '/tsa',
    perClientRateLimit({ perMinute: deps.timestampRateLimit, store: deps.rateLimitStore('tsa'), log: deps.log }),
    express.raw({ type: QUERY_TYPE, limit: MAX_REQUEST_BYTES }),
    async (req, res) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new DocsealError('invalid_request', `send a DER TimeStampReq as ${QUERY_TYPE} (RFC 3161 §3.4)`);
      }
      const answer = await deps.answerTimestampQuery(req.body);
      if (answer.status === 'granted') req.log.info({ serial: answer.serial }, 'time-stamp token issued');
      else req.log.info({ failure: answer.failure }, 'time-stamp request rejected');
      res.setHeader('Cache-Control', 'no-store');
      res.status(httpStatusOf(answer)).type(REPLY_TYPE).send(answer.reply);
    },
  );
  return router;
}
