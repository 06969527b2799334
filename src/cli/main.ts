#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { isDocsealError } from '../core/errors.js';
import { ApiKeys, parseRoles } from '../services/api-keys.js';
import { openApiKeyRepository } from '../storage/api-key-repository.js';
import { connectDatabase } from '../storage/connect-database.js';
import { knownDepartmentCodes } from './known-departments.js';

/** A mistake in the command line: its message is all the user needs, no stack trace. */
class CliError extends Error {}

/** `docseal apikey create`: the key is the last line of stdout, so scripts can take it with `tail -n 1`. */
async function createApiKey(opts: { department: string; roles: string }): Promise<void> {
  const config = loadConfig(process.env);
  const roles = parseRoles(opts.roles);
  const known = await knownDepartmentCodes(config.certsDir);
  if (!known.includes(opts.department)) {
    throw new CliError(`unknown department "${opts.department}"; known: ${known.join(', ') || 'none (run npm run certs)'}`);
  }
  const db = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  try {
    const apiKeys = new ApiKeys(await openApiKeyRepository(db.conn), () => new Date());
    const created = await apiKeys.create(opts.department, roles);
    process.stdout.write(`API key for department ${created.department} (roles: ${created.roles.join(',')}), id ${created.keyId}.\n`);
    process.stdout.write('It is shown only now; docseal stores only its hash.\n');
    process.stdout.write(`${created.key}\n`);
  } finally {
    await db.close();
  }
}

const program = new Command('docseal').description('docseal command line');
program
  .command('apikey')
  .description('manage API keys')
  .command('create')
  .description('create an API key for a department and print it on the last line')
  .requiredOption('--department <code>', 'department code, e.g. demo')
  .option('--roles <list>', 'comma-separated roles: sign, read', 'sign,read')
  .action(createApiKey);

program.parseAsync(process.argv).catch((e: unknown) => {
  const known = e instanceof CliError || isDocsealError(e);
  process.stderr.write(`docseal: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!known && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
