import mongoose, { type Connection } from 'mongoose';
import { resolveMongoUri, type DatabaseKind } from './database-location.js';

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
    conn = await mongoose.createConnection(location.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
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
