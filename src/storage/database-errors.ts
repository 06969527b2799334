import mongoose from 'mongoose';
import { DocsealError } from '../core/errors.js';

/** Long enough for a restarted database or a replica set's new primary to answer again. */
const RETRY_AFTER_SECONDS = 5;

/** How deep an error's `cause` chain is followed (a GridFS stream or a driver wraps what failed). */
const MAX_CAUSES = 5;

/**
 * The driver's errors that mean the database could not be reached or did not answer in time, as
 * opposed to a query it refused: server selection, the network (a pool cleared after a failure is
 * one), a client already closed.
 */
function isUnreachable(err: object): boolean {
  const m = mongoose.mongo;
  return (
    err instanceof m.MongoServerSelectionError ||
    err instanceof m.MongoNetworkError ||
    err instanceof m.MongoNotConnectedError ||
    err instanceof m.MongoTopologyClosedError ||
    (err as { name?: unknown }).name === 'MongooseServerSelectionError'
  );
}

/** The refusal itself, for a caller that already knows the database is not answering. */
export function databaseUnavailableError(): DocsealError {
  return new DocsealError('database_unavailable', 'The database is not answering; try again after the time in Retry-After.', {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
}

/**
 * A database that is down or hung as the client's 503 `database_unavailable` with Retry-After, not a
 * 500: nothing is wrong with the request, and the service recovers by itself once the database answers.
 */
export function databaseUnavailable(err: unknown): DocsealError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < MAX_CAUSES && typeof current === 'object' && current !== null; depth++) {
    if (isUnreachable(current)) return databaseUnavailableError();
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
