import mongoose, { type Connection } from 'mongoose';
import { resolveMongoUri, type DatabaseKind } from './database-location.js';

/**
 * Bounds on every wait for the database, so that no request waits longer than ten seconds (then 503
 * database_unavailable): finding a server that answers, opening a connection, and an answer that
 * stops coming (a hung server keeps its sockets open). A read the driver retries once after a network
 * error (retryReads) costs one of each, 8 s at most. Without buffering, an operation while the
 * connection is down goes straight to server selection instead of Mongoose's own queue.
 */
const CONNECTION_BOUNDS = {
  serverSelectionTimeoutMS: 4_000,
  connectTimeoutMS: 4_000,
  socketTimeoutMS: 4_000,
  bufferCommands: false,
} as const;

export type OpenDatabase = {
  readonly conn: Connection;
  readonly kind: DatabaseKind;
  /** Disconnects, then stops an embedded server this process started. */
  close(): Promise<void>;
};

/**
 * Connects to `mongodbUri`, or, when it is unset, to the database resolveMongoUri finds or starts with
 * its files in `dataDir` (shared by the service and the CLI, so both see the same data).
 */
export async function connectDatabase(opts: {
  mongodbUri: string | undefined;
  dataDir: string;
  log: (msg: string) => void;
  /** See ResolveMongoUriOptions: the service sets it, the CLI does not. */
  ownProcessGroup?: boolean;
}): Promise<OpenDatabase> {
  const location = opts.mongodbUri
    ? { uri: opts.mongodbUri, kind: 'env' as const, stop: async () => undefined }
    : await resolveMongoUri({ dataDir: opts.dataDir, log: opts.log, ownProcessGroup: opts.ownProcessGroup ?? false });
  let conn: Connection;
  try {
    conn = await mongoose.createConnection(location.uri, CONNECTION_BOUNDS).asPromise();
  } catch (e) {
    await location.stop();
    throw e;
  }
  return {
    conn,
    kind: location.kind,
    close: async () => {
      await conn.close();
      await location.stop();
    },
  };
}
