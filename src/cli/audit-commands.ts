import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { connectDatabase } from '../storage/connect-database.js';
import { auditVerifyCommand } from './audit-verify.js';

async function verify(): Promise<void> {
  const config = loadConfig(process.env);
  const db = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  try {
    const outcome = await auditVerifyCommand(db.conn);
    process.stdout.write(`${outcome.output}\n`);
    process.exitCode = outcome.exitCode;
  } finally {
    await db.close();
  }
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('the audit log')
    .command('verify')
    .description('check the whole hash chain; exit 1 naming the first broken event')
    .action(verify);
}
