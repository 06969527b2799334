import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { composeServices, type Services } from '../../src/compose-services.js';
import { createApp } from '../../src/http/app.js';
import { loadDepartmentIdentities } from '../../src/keys/department-keys.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { loadCjkFont } from '../../src/services/seal-assets.js';
import { prepareSigningDepartments, type SigningDepartment } from '../../src/services/signing-department.js';
import { closeTestDatabase, connectTestDatabase } from './database.js';

export const TEST_BASE_URL = 'https://docseal.test';
const PASSPHRASE = 'test passphrase';

export type TestApp = {
  readonly app: Express;
  readonly conn: Connection;
  readonly services: Services;
  readonly departments: ReadonlyMap<string, SigningDepartment>;
  /** API keys with roles sign and read, per department code. */
  readonly keys: Readonly<Record<'demo' | 'demo-ec', string>>;
  /** A `demo` key with only the read role. */
  readonly readOnlyKey: string;
  /** JSON log lines the app wrote. */
  readonly logLines: Record<string, unknown>[];
  close(): Promise<void>;
};

/** The real app on a real database, with departments from a freshly generated development PKI. */
export async function startTestApp(dbName: string, opts: { maxUploadBytes?: number } = {}): Promise<TestApp> {
  const certsDir = await mkdtemp(join(tmpdir(), 'docseal-test-certs-'));
  const conn = await connectTestDatabase(dbName);
  try {
    await generateDevPki({ certsDir, passphrase: PASSPHRASE, now: new Date() });
    const loaded = await loadDepartmentIdentities(certsDir, PASSPHRASE);
    const departments = await prepareSigningDepartments(loaded, loadCjkFont());
    const services = await composeServices({ conn, departments, publicBaseUrl: TEST_BASE_URL, timeZone: 'Asia/Shanghai' });
    const logLines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        cb();
      },
    });
    const app = createApp({
      ...services,
      log: createLogger('info', sink),
      authenticate: (key) => services.apiKeys.authenticate(key),
      departments,
      publicBaseUrl: TEST_BASE_URL,
      maxUploadBytes: opts.maxUploadBytes ?? 50 * 1024 * 1024,
      healthy: async () => true,
    });
    const keys = {
      demo: (await services.apiKeys.create('demo', ['sign', 'read'])).key,
      'demo-ec': (await services.apiKeys.create('demo-ec', ['sign', 'read'])).key,
    };
    const readOnlyKey = (await services.apiKeys.create('demo', ['read'])).key;
    return {
      app, conn, services, departments, keys, readOnlyKey, logLines,
      close: async () => {
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
