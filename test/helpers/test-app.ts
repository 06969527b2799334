import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { devPkiPaths, generateDevPki } from '../../scripts/certs-lib.js';
import { composeServices, type Services } from '../../src/compose-services.js';
import { createApp } from '../../src/http/app.js';
import { loadDepartmentIdentities } from '../../src/keys/department-keys.js';
import { loadTrustMaterial } from '../../src/keys/trust-store.js';
import { createLogger } from '../../src/logging/create-logger.js';
import type { PageRenderer } from '../../src/services/document-preview.js';
import { loadCjkFont } from '../../src/services/seal-assets.js';
import { prepareSigningDepartments, type SigningDepartment } from '../../src/services/signing-department.js';
import { openBlobStore } from '../../src/storage/open-blob-store.js';
import { loadTsaIdentity } from '../../src/keys/tsa-identity.js';
import { openRateLimitStores } from '../../src/storage/rate-limit-store.js';
import { closeTestDatabase, connectSameTestDatabase, connectTestDatabase } from './database.js';

export const TEST_BASE_URL = 'https://docseal.test';
const PASSPHRASE = 'test passphrase';
/** The policy the test app's TSA names (the default of DOCSEAL_TSA_POLICY_OID). */
export const TEST_TSA_POLICY = '0.4.0.2023.1.1';

/** A second app on the same database, as a second instance of the service behind a load balancer. */
export type AnotherInstance = { readonly app: Express; close(): Promise<void> };

export type TestApp = {
  readonly app: Express;
  /** Builds another instance (its own app and database connection) on this app's database. */
  anotherInstance(): Promise<AnotherInstance>;
  readonly conn: Connection;
  readonly services: Services;
  readonly departments: ReadonlyMap<string, SigningDepartment>;
  /** API keys with roles sign and read, per department code. */
  readonly keys: Readonly<Record<'demo' | 'demo-ec', string>>;
  /** A `demo` key with only the read role. */
  readonly readOnlyKey: string;
  /** API keys with roles read and revoke, per department code. */
  readonly revokeKeys: Readonly<Record<'demo' | 'demo-ec', string>>;
  /** The generated PKI (its root, under trust/, is the app's trust anchor). */
  readonly certsDir: string;
  readonly rootCertPem: string;
  /** JSON log lines the app wrote. */
  readonly logLines: Record<string, unknown>[];
  close(): Promise<void>;
};

/** The real app on a real database, with departments from a freshly generated development PKI. */
export type TestAppOptions = {
  readonly maxUploadBytes?: number;
  /** Verification uploads per client and minute (default 1000, so only a test of the limit meets it). */
  readonly verifyRateLimit?: number;
  /** Verification uploads per API key and minute (default 1000, as for verifyRateLimit). */
  readonly keyVerifyRateLimit?: number;
  /** Chain checks (GET /api/v1/audit/verify) per API key and minute (default 1000, as for verifyRateLimit). */
  readonly auditVerifyRateLimit?: number;
  /** Proxy hops believed: with 1, a test tells clients apart by X-Forwarded-For. */
  readonly trustProxy?: number;
  /** Departments whose department.json allows public download on /v/<id>. */
  readonly publicDownload?: readonly string[];
  /** Departments whose department.json allows the preview of the seal page on /v/<id>. */
  readonly publicPreview?: readonly string[];
  /** Renders the previews (default: the service's own MuPDF workers); a test counts its calls. */
  readonly pageRenderer?: PageRenderer;
  /** The services' clock (default: the real one); a test advances it to expire links. */
  readonly clock?: () => Date;
  /** Decoded bytes per job and for all verifications at once (default: the service's defaults). */
  readonly memory?: { maxDecodedBytes: number; maxDecodedBytesInFlight?: number };
  /** Keeps signed files in this folder (the `files` blob store, as main.ts opens it) instead of GridFS. */
  readonly blobDir?: string;
};

/** Sets `setting: true` in the generated department.json of each department named. */
async function allowPublic(certsDir: string, setting: 'publicDownload' | 'publicPreview', codes: readonly string[]): Promise<void> {
  for (const code of codes) {
    const file = join(devPkiPaths(certsDir).departmentDir(code), 'department.json');
    const descriptor = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...descriptor, [setting]: true }));
  }
}

export async function startTestApp(dbName: string, opts: TestAppOptions = {}): Promise<TestApp> {
  const certsDir = await mkdtemp(join(tmpdir(), 'docseal-test-certs-'));
  const conn = await connectTestDatabase(dbName);
  try {
    await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date() });
    await allowPublic(certsDir, 'publicDownload', opts.publicDownload ?? []);
    await allowPublic(certsDir, 'publicPreview', opts.publicPreview ?? []);
    const loaded = await loadDepartmentIdentities(certsDir, PASSPHRASE);
    const departments = await prepareSigningDepartments(loaded, loadCjkFont());
    const trust = await loadTrustMaterial(certsDir, []);
    const blobs = opts.blobDir === undefined ? undefined : (await openBlobStore({ kind: 'files', dir: opts.blobDir, conn, embeddedDatabase: true })).store;
    const tsaIdentity = await loadTsaIdentity(certsDir, PASSPHRASE);
    const tsa = tsaIdentity && { identity: tsaIdentity, policy: TEST_TSA_POLICY, accuracyMs: 1000, digestAlgorithm: 'sha256' as const };
    const services = await composeServices({ conn, departments, trust, publicBaseUrl: TEST_BASE_URL, timeZone: 'Asia/Shanghai', clock: opts.clock, memory: opts.memory, pageRenderer: opts.pageRenderer, blobs, ...(tsa ? { tsa } : {}) });
    const logLines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        cb();
      },
    });
    const appDeps = {
      ...services,
      log: createLogger('info', sink),
      authenticate: (key: string) => services.apiKeys.authenticate(key),
      departments,
      publicBaseUrl: TEST_BASE_URL,
      maxUploadBytes: opts.maxUploadBytes ?? 50 * 1024 * 1024,
      verifyRateLimit: opts.verifyRateLimit ?? 1000,
      keyVerifyRateLimit: opts.keyVerifyRateLimit ?? 1000,
      auditVerifyRateLimit: opts.auditVerifyRateLimit ?? 1000,
      trustProxy: opts.trustProxy ?? 0,
      timeZone: 'Asia/Shanghai',
    };
    const app = createApp(appDeps);
    const anotherInstance = async (): Promise<AnotherInstance> => {
      // Its own connection and limiter stores: all it shares with the first app is the database.
      const own = await connectSameTestDatabase(dbName);
      const rateLimitStore = await openRateLimitStores(own, { onError: () => undefined });
      return { app: createApp({ ...appDeps, rateLimitStore }), close: () => own.close() };
    };
    const keys = {
      demo: (await services.apiKeys.create('demo', ['sign', 'read'])).key,
      'demo-ec': (await services.apiKeys.create('demo-ec', ['sign', 'read'])).key,
    };
    const readOnlyKey = (await services.apiKeys.create('demo', ['read'])).key;
    const revokeKeys = {
      demo: (await services.apiKeys.create('demo', ['read', 'revoke'])).key,
      'demo-ec': (await services.apiKeys.create('demo-ec', ['read', 'revoke'])).key,
    };
    const rootCertPem = await readFile(devPkiPaths(certsDir).rootCert, 'utf8');
    return {
      app, anotherInstance, conn, services, departments, keys, readOnlyKey, revokeKeys, certsDir, rootCertPem, logLines,
      close: async () => {
        await services.close();
        await closeTestDatabase(conn);
        await rm(certsDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await closeTestDatabase(conn);
    await rm(certsDir, { recursive: true, force: true });
    throw e;
  }
}
