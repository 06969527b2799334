import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import type { AuditEvent } from '../../src/core/audit/chain.js';
import { auditEventModel } from '../../src/storage/models/audit-event.js';
import { finished, spawnTsx, uriWithDatabase, type Finished } from './spawn-tsx.js';

/** The environment a CLI process needs to reach the test database `dbName` and the certs in `certsDir`. */
export function cliEnv(dbName: string, certsDir: string, passphrase: string): NodeJS.ProcessEnv {
  const uri = uriWithDatabase(inject('mongoUri') ?? process.env.MONGODB_URI!, dbName);
  return { MONGODB_URI: uri, DOCSEAL_CERTS_DIR: certsDir, DOCSEAL_KEY_PASSPHRASE: passphrase };
}

/** Runs `docseal <args>` as its own process, as an operator would. */
export function runDocseal(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return finished(spawnTsx('src/cli/main.ts', args, env));
}

/** Every audit event, in sequence order, read straight from the collection. */
export async function auditEvents(conn: Connection): Promise<AuditEvent[]> {
  return auditEventModel(conn).find({}, { _id: 0 }).sort({ seq: 1 }).lean<AuditEvent[]>().exec();
}
