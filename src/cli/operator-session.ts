import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { AuditDetails, AuditEventType } from '../core/audit/chain.js';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/settings.js';
import { readKeyPassphrase } from '../keys/passphrase.js';
import { AuditLog } from '../storage/audit-log.js';
import { connectDatabase } from '../storage/connect-database.js';

/** What a CLI command that changes something works with: the configuration, the database and the audit log. */
export type OperatorSession = {
  readonly config: Config;
  readonly conn: Connection;
  readonly clock: () => Date;
  /** Appends an event done by the operator (every key and department change is audited). */
  record(type: AuditEventType, details: AuditDetails): Promise<void>;
};

/**
 * Connects before the command changes anything, so a change is never made that the audit log could not
 * record (short of the database failing in between), and disconnects afterwards.
 */
export async function withOperatorSession<T>(run: (session: OperatorSession) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const db = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  const clock = () => new Date();
  const audit = new AuditLog(db.conn, clock);
  const record = async (type: AuditEventType, details: AuditDetails) => {
    await audit.append({ type, actor: { kind: 'operator' }, details });
  };
  try {
    return await run({ config, conn: db.conn, clock, record });
  } finally {
    await db.close();
  }
}

/** The passphrase the service decrypts department keys with, found as src/main.ts finds it. */
export function servicePassphrase(config: Config): string {
  return readKeyPassphrase(process.env, { passphraseFile: join(config.certsDir, 'private', 'passphrase') });
}
