import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { loadConfig } from './config/load-config.js';
import type { Config } from './config/settings.js';
import { composeServices, type Services } from './compose-services.js';
import { isDocsealError } from './core/errors.js';
import { createApp } from './http/app.js';
import { Drain } from './http/middleware/drain.js';
import { loadDepartmentSet, type SkippedDepartment } from './keys/department-set.js';
import { readKeyPassphrase } from './keys/passphrase.js';
import { loadTrustMaterial } from './keys/trust-store.js';
import { createLogger, type Logger } from './logging/create-logger.js';
import type { CjkFont } from './core/seal/cjk-font.js';
import { LiveDepartments } from './services/live-departments.js';
import { loadCjkFont } from './services/seal-assets.js';
import { prepareSigningDepartments, type SigningDepartment } from './services/signing-department.js';
import { connectDatabase, type OpenDatabase } from './storage/connect-database.js';
import { writeServicePidFile } from './storage/service-pid-file.js';
import type { BlobStore } from './storage/blob-store.js';
import { openBlobStore } from './storage/open-blob-store.js';
import { loadTsaIdentity } from './keys/tsa-identity.js';
import type { TimeStampAuthority } from './services/time-stamping.js';

type SigningSet = { departments: ReadonlyMap<string, SigningDepartment>; skipped: readonly SkippedDepartment[] };

/** What a started service has open, closed in reverse on shutdown. */
type Running = {
  server: Server;
  services: Services;
  db: OpenDatabase;
  departments: LiveDepartments;
  drain: Drain;
  graceMs: number;
  removePidFile: () => Promise<void>;
};

/**
 * Decrypts each department's key once and prepares its seal. The passphrase is read again on each
 * reload, so a changed passphrase file takes effect with the keys.
 */
async function loadSigningSet(config: Config, font: CjkFont): Promise<SigningSet> {
  // `npm run certs` writes the development passphrase here; production sets the variables instead.
  const passphrase = readKeyPassphrase(process.env, { passphraseFile: join(config.certsDir, 'private', 'passphrase') });
  const { departments, skipped } = await loadDepartmentSet(config.certsDir, passphrase);
  return { departments: await prepareSigningDepartments(departments, font), skipped };
}

function logSkipped(log: Logger, skipped: readonly SkippedDepartment[]): void {
  for (const { code, problem, message } of skipped) {
    log.warn({ department: code, problem }, `department ${code} skipped: ${message}`);
  }
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

/** How far the TSA's genTime may be from UTC (RFC 3161 §2.4.2 accuracy): the host clock, kept by NTP. */
const TSA_ACCURACY_MS = 1_000;

/**
 * The built-in TSA, when `<certs>/tsa/` holds its key and certificate. A TSA that cannot be loaded is
 * reported and left out, as a half-created department is: documents are still signed and verified.
 */
async function loadTsa(config: Config, log: Logger): Promise<TimeStampAuthority | undefined> {
  try {
    const passphrase = readKeyPassphrase(process.env, { passphraseFile: join(config.certsDir, 'private', 'passphrase') });
    const identity = await loadTsaIdentity(config.certsDir, passphrase);
    if (!identity) {
      log.info(`no time-stamping authority: ${join(config.certsDir, 'tsa')} is absent (npm run certs makes one); POST /tsa is off`);
      return undefined;
    }
    log.info({ policy: config.tsaPolicyOid }, 'time-stamping authority loaded (POST /tsa)');
    return { identity, policy: config.tsaPolicyOid, accuracyMs: TSA_ACCURACY_MS, digestAlgorithm: 'sha256' };
  } catch (e) {
    log.error({ reason: e instanceof Error ? e.message : String(e) }, 'time-stamping authority skipped: its key or certificate cannot be loaded; POST /tsa is off');
    return undefined;
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
 * Stop accepting at once (new connections, and new requests on kept-alive ones: the drain guard),
 * let requests in flight finish within the grace period, then stop the verifier workers, disconnect
 * and stop the database.
 */
async function stopRunning(running: Running): Promise<void> {
  const { server, services, db } = running;
  running.drain.start();
  const force = setTimeout(() => server.closeAllConnections(), running.graceMs).unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  await services.close();
  await db.close();
  await running.removePidFile();
}

/**
 * SIGTERM (docker stop, systemd) and SIGINT (Ctrl-C) stop the service the same way. The embedded
 * database runs in its own process group, so Ctrl-C reaches it only through this shutdown, after the
 * last request is answered. A signal during start-up waits for it and then stops what it opened. A
 * repeated signal (a terminal sends Ctrl-C to tsx and npm too, which pass it on) changes nothing.
 */
function onShutdownSignals(startup: Promise<Running>, log: Logger): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await stopRunning(await startup);
    log.info('stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void stop(signal).then(() => process.exit(0), () => process.exit(1)));
  }
}

/** Loads the departments again and swaps them in whole; a reload that fails keeps the set in use. */
async function reloadDepartments(config: Config, font: CjkFont, live: LiveDepartments, log: Logger): Promise<void> {
  log.info('SIGHUP: reloading departments');
  try {
    const { departments, skipped } = await loadSigningSet(config, font);
    live.replace(departments, skipped);
    logSkipped(log, skipped);
    log.info({ departments: [...departments.keys()] }, 'departments reloaded');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    log.error({ reason, departments: [...live.keys()] }, `department reload failed, keeping the departments loaded before: ${reason}`);
  }
}

/** SIGHUP reloads the departments (`docseal department` sends it); reloads run one after another. */
function onReloadSignal(startup: Promise<Running>, config: Config, font: CjkFont, log: Logger): void {
  let queue = Promise.resolve();
  process.on('SIGHUP', () => {
    queue = queue.then(async () => {
      // A start-up that failed exits the process on its own; a reload would have nothing to replace.
      const running = await startup.catch(() => undefined);
      if (running) await reloadDepartments(config, font, running.departments, log);
    });
  });
}

/** The pid file only spares the operator a `kill -HUP`: a data dir the service may not write (MONGODB_URI set) is no reason to stop. */
async function pidFileOrWarning(config: Config, log: Logger): Promise<() => Promise<void>> {
  try {
    return await writeServicePidFile(config.dataDir);
  } catch (e) {
    log.warn({ reason: e instanceof Error ? e.message : String(e) }, 'cannot write the pid file in DOCSEAL_DATA_DIR: after docseal department, reload with kill -HUP');
    return async () => undefined;
  }
}

/**
 * The embedded database takes about a second to answer; it starts while the keys are decrypted. Keys that
 * cannot be loaded stop the service all the same, after the database it started is stopped again.
 */
async function loadWhileDatabaseStarts(config: Config, log: Logger, font: CjkFont): Promise<{ loaded: SigningSet; db: OpenDatabase }> {
  const starting = connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => log.info(msg), ownProcessGroup: true });
  // Its failure is reported below, after the keys: a rejection must not go unhandled meanwhile.
  starting.catch(() => undefined);
  let loaded: SigningSet;
  try {
    loaded = await loadSigningSet(config, font);
  } catch (e) {
    await starting.then((db) => db.close(), () => undefined);
    throw e;
  }
  return { loaded, db: await starting };
}

async function start(config: Config, log: Logger, font: CjkFont): Promise<Running> {
  const { loaded, db } = await loadWhileDatabaseStarts(config, log, font);
  logSkipped(log, loaded.skipped);
  const departments = new LiveDepartments(loaded.departments, loaded.skipped);
  log.info({ departments: [...departments.keys()] }, 'department keys loaded');
  const trust = await loadTrustMaterial(config.certsDir, config.trustDirs);
  log.info({ anchors: trust.anchors.length, crls: trust.crls.length }, 'trust anchors loaded');
  const blobs = await openBlobs(config, db, log);
  const tsa = await loadTsa(config, log);
  const memory = { maxDecodedBytes: config.maxDecodedBytes, maxDecodedBytesInFlight: config.maxDecodedBytesInFlight };
  const services = await composeServices({
    conn: db.conn,
    ...(tsa ? { tsa } : {}),
    blobs,
    departments,
    skippedDepartments: () => departments.skipped,
    trust,
    publicBaseUrl: config.publicBaseUrl,
    timeZone: config.timeZone,
    memory,
    reportRetentionDays: config.reportRetentionDays,
    onSweepError: (err) => log.error({ err }, 'report retention sweep failed'),
    onRateLimitSweepError: (err) => log.error({ err }, 'rate limit window cleanup failed'),
  });
  const drain = new Drain();
  const app = createApp({
    ...services,
    drain,
    log,
    authenticate: (key) => services.apiKeys.authenticate(key),
    departments,
    publicBaseUrl: config.publicBaseUrl,
    maxUploadBytes: config.maxUploadBytes,
    verifyRateLimit: config.verifyRateLimit,
    keyVerifyRateLimit: config.keyVerifyRateLimit,
    trustProxy: config.trustProxy,
    timeZone: config.timeZone,
  });
  const server = createServer(app);
  await listen(server, config);
  const removePidFile = await pidFileOrWarning(config, log);
  const address = server.address();
  log.info({ address, database: db.kind, publicBaseUrl: config.publicBaseUrl, pid: process.pid }, 'docseal listening');
  if (config.publicBaseUrlDerived) {
    log.warn({ publicBaseUrl: config.publicBaseUrl }, 'PUBLIC_BASE_URL is unset: seals and QR codes point at this machine; set it before issuing real documents');
  }
  return { server, services, db, departments, drain, graceMs: config.shutdownGraceMs, removePidFile };
}

function main(): Promise<Running> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const font = loadCjkFont();
  const startup = start(config, log, font);
  onShutdownSignals(startup, log);
  onReloadSignal(startup, config, font, log);
  return startup;
}

Promise.resolve().then(main).catch((e: unknown) => {
  // Configuration and key problems are the operator's to fix: the message says what, a stack trace would not.
  process.stderr.write(`docseal: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!isDocsealError(e) && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
