import { join } from 'node:path';
import { MongoMemoryServer } from 'mongodb-memory-server-core';
import { findFerretDbBinary, startFerretDb } from './ferretdb-process.js';
import { ensurePrivateDir } from './private-dir.js';

export type DatabaseKind = 'env' | 'ferretdb' | 'memory-server';

export type DatabaseLocation = {
  readonly uri: string;
  readonly kind: DatabaseKind;
  /** Stops whatever this module started; a no-op for a database given by MONGODB_URI. */
  stop(): Promise<void>;
};

export type ResolveMongoUriOptions = {
  /** Where a database started here keeps its files (FerretDB's SQLite files, mongod's dbPath). */
  readonly dataDir: string;
  readonly log?: (msg: string) => void;
  /** Start an embedded server in its own process group, out of reach of a terminal's Ctrl-C (see startFerretDb). */
  readonly ownProcessGroup?: boolean;
};

/**
 * Finds the database for `npm start` and the tests without any setup on a fresh machine:
 * MONGODB_URI when set, else a local FerretDB binary, else a MongoDB that
 * mongodb-memory-server downloads on first use.
 */
export async function resolveMongoUri(opts: ResolveMongoUriOptions): Promise<DatabaseLocation> {
  const log = opts.log ?? (() => undefined);
  const fromEnv = process.env.MONGODB_URI;
  if (fromEnv) {
    log('database: using MONGODB_URI');
    return { uri: fromEnv, kind: 'env', stop: async () => undefined };
  }
  await ensurePrivateDir(opts.dataDir);
  const ferretDb = await findFerretDbBinary();
  if (ferretDb) {
    const dir = join(opts.dataDir, 'ferretdb');
    log(`database: starting FerretDB (${ferretDb}) with data in ${dir}`);
    const started = await startFerretDb(ferretDb, dir, { ownProcessGroup: opts.ownProcessGroup ?? false });
    log(`database: FerretDB pid ${started.pid} listening at ${started.uri}`);
    return { uri: started.uri, kind: 'ferretdb', stop: started.stop };
  }
  return startMemoryServer(join(opts.dataDir, 'mongodb'), log, opts.ownProcessGroup ?? false);
}

async function startMemoryServer(dbPath: string, log: (msg: string) => void, detached: boolean): Promise<DatabaseLocation> {
  await ensurePrivateDir(dbPath);
  log(`database: no MONGODB_URI and no FerretDB; starting MongoDB via mongodb-memory-server (data in ${dbPath})`);
  // wiredTiger, not the default ephemeralForTest engine, so that data survives a restart of `npm start`.
  // mongodb-memory-server's own watchdog process stops mongod should this process die without stopping it.
  const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' }, spawn: { detached } }).catch(
    (e: unknown) => {
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(
        `could not start MongoDB through mongodb-memory-server (${reason}); set MONGODB_URI, or install FerretDB as .ci/run does`,
        { cause: e },
      );
    },
  );
  const uri = server.getUri();
  log(`database: MongoDB listening at ${uri}`);
  return {
    uri,
    kind: 'memory-server',
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
