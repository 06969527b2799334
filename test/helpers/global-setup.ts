import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveMongoUri, type DatabaseLocation } from '../../src/storage/database-location.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let database: DatabaseLocation | undefined;
let dataDir: string | undefined;

/**
 * Finds or starts one database server for the whole run (see resolveMongoUri); each test file
 * then works in its own database on it (test/helpers/database.ts), so files can run in parallel.
 */
export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(join(tmpdir(), 'docseal-test-db-'));
  try {
    database = await resolveMongoUri({ dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  // Workers are forked after global setup, so they inherit this.
  process.env.MONGODB_URI = database.uri;
  project.provide('mongoUri', database.uri);
}

export async function teardown(): Promise<void> {
  await database?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
