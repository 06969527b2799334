import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { loadConfig } from './config/load-config.js';
import type { Config } from './config/settings.js';
import { composeServices, type Services } from './compose-services.js';
import { isDocsealError } from './core/errors.js';
import { createApp } from './http/app.js';
import { loadDepartmentIdentities } from './keys/department-keys.js';
import { readKeyPassphrase } from './keys/passphrase.js';
import { loadTrustMaterial } from './keys/trust-store.js';
import { createLogger, type Logger } from './logging/create-logger.js';
import { loadCjkFont } from './services/seal-assets.js';
import { prepareSigningDepartments, type SigningDepartment } from './services/signing-department.js';
import { connectDatabase, type OpenDatabase } from './storage/connect-database.js';
import type { BlobStore } from './storage/blob-store.js';
import { openBlobStore } from './storage/open-blob-store.js';

const SHUTDOWN_GRACE_MS = 10_000;

/** Keys are decrypted once, before anything else starts: a wrong passphrase stops us with nothing to undo. */
async function loadDepartments(config: Config): Promise<ReadonlyMap<string, SigningDepartment>> {
  // `npm run certs` writes the development passphrase here; production sets the variables instead.
  const passphrase = readKeyPassphrase(process.env, { passphraseFile: join(config.certsDir, 'private', 'passphrase') });
  const loaded = await loadDepartmentIdentities(config.certsDir, passphrase);
  return prepareSigningDepartments(loaded, loadCjkFont());
}

/** The blob store beside the database; a folder that cannot be made private stops the start. */
async function openBlobs(config: Config, db: OpenDatabase, log: Logger): Promise<BlobStore> {
  const dir = config.blobDir ?? join(config.dataDir, 'blobs');
  try {
    const opened = await openBlobStore({ kind: config.blobStore, dir, conn: db.conn, embeddedDatabase: db.kind !== 'env' });
    log.info({ blobStore: opened.kind, ...(opened.kind === 'files' ? { dir } : {}) }, 'blob store opened');
    return opened.store;
  } catch (e) {
    await db.close();
    throw e;
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * SIGTERM/SIGINT: stop accepting, let requests in flight finish, then stop the verifier workers,
 * disconnect and stop the database.
 */
function onShutdown(server: Server, services: Services, db: OpenDatabase, log: Logger): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    await services.close();
    await db.close();
    log.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void stop(signal).then(() => process.exit(0), () => process.exit(1)));
  }
}

async function start(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const departments = await loadDepartments(config);
  log.info({ departments: [...departments.keys()] }, 'department keys loaded');
  const trust = await loadTrustMaterial(config.certsDir, config.trustDirs);
  log.info({ anchors: trust.anchors.length, crls: trust.crls.length }, 'trust anchors loaded');
  const db = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => log.info(msg) });
  const blobs = await openBlobs(config, db, log);
  const memory = { maxDecodedBytes: config.maxDecodedBytes, maxDecodedBytesInFlight: config.maxDecodedBytesInFlight };
  const services = await composeServices({
    conn: db.conn,
    blobs,
    departments,
    trust,
    publicBaseUrl: config.publicBaseUrl,
    timeZone: config.timeZone,
    memory,
    reportRetentionDays: config.reportRetentionDays,
    onSweepError: (err) => log.error({ err }, 'report retention sweep failed'),
  });
  const app = createApp({
    ...services,
    log,
    authenticate: (key) => services.apiKeys.authenticate(key),
    departments,
    publicBaseUrl: config.publicBaseUrl,
    maxUploadBytes: config.maxUploadBytes,
    verifyRateLimit: config.verifyRateLimit,
    trustProxy: config.trustProxy,
    timeZone: config.timeZone,
  });
  const server = createServer(app);
  await listen(server, config);
  const address = server.address();
  log.info({ address, database: db.kind, publicBaseUrl: config.publicBaseUrl }, 'docseal listening');
  if (config.publicBaseUrlDerived) {
    log.warn({ publicBaseUrl: config.publicBaseUrl }, 'PUBLIC_BASE_URL is unset: seals and QR codes point at this machine; set it before issuing real documents');
  }
  onShutdown(server, services, db, log);
}

start().catch((e: unknown) => {
  // Configuration and key problems are the operator's to fix: the message says what, a stack trace would not.
  process.stderr.write(`docseal: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!isDocsealError(e) && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
