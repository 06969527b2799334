import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { ApiKeys, parseRoles, ROLES, type ApiKeySummary } from '../services/api-keys.js';
import { openApiKeyRepository } from '../storage/api-key-repository.js';
import { connectDatabase } from '../storage/connect-database.js';
import { CliError } from './cli-error.js';
import { knownDepartmentCodes } from './known-departments.js';
import { withOperatorSession, type OperatorSession } from './operator-session.js';
import { shortDate, textTable } from './text-table.js';

const apiKeysOf = async (session: OperatorSession) => new ApiKeys(await openApiKeyRepository(session.conn), session.clock);

/** `docseal apikey create`: the key is the last line of stdout, so scripts can take it with `tail -n 1`. */
async function create(opts: { department: string; roles: string }): Promise<void> {
  const roles = parseRoles(opts.roles);
  const known = await knownDepartmentCodes(loadConfig(process.env).certsDir);
  if (!known.includes(opts.department)) {
    throw new CliError(`unknown department "${opts.department}"; known: ${known.join(', ') || 'none (run npm run certs)'}`);
  }
  await withOperatorSession(async (session) => {
    const created = await (await apiKeysOf(session)).create(opts.department, roles);
    await session.record('apikey.create', { keyId: created.keyId, department: created.department, roles: created.roles.join(',') });
    process.stdout.write(`API key for department ${created.department} (roles: ${created.roles.join(',')}), id ${created.keyId}.\n`);
    process.stdout.write('It is shown only now; docseal stores only its hash.\n');
    process.stdout.write(`${created.key}\n`);
  });
}

function keyTable(keys: readonly ApiKeySummary[]): string {
  const header = ['KEY ID', 'ROLES', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = keys.map((k) => [k.keyId, k.roles.join(','), shortDate(k.createdAt), shortDate(k.lastUsedAt), shortDate(k.revokedAt)]);
  return textTable([header, ...rows]);
}

/** Reading changes nothing, so it is not audited and needs no operator session. */
async function list(opts: { department: string; json?: boolean }): Promise<void> {
  const config = loadConfig(process.env);
  const db = await connectDatabase({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, log: (msg) => process.stderr.write(`${msg}\n`) });
  try {
    const keys = await new ApiKeys(await openApiKeyRepository(db.conn), () => new Date()).list(opts.department);
    process.stdout.write(opts.json ? `${JSON.stringify(keys, null, 2)}\n` : `${keyTable(keys)}\n`);
  } finally {
    await db.close();
  }
}

async function revoke(keyId: string): Promise<void> {
  await withOperatorSession(async (session) => {
    const revoked = await (await apiKeysOf(session)).revoke(keyId);
    await session.record('apikey.revoke', { keyId: revoked.keyId, department: revoked.department });
    process.stdout.write(`Revoked API key ${revoked.keyId} of department ${revoked.department}.\n`);
  });
}

export function registerApiKeyCommands(program: Command): void {
  const apikey = program.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create an API key for a department and print it on the last line')
    .requiredOption('--department <code>', 'department code, e.g. demo')
    .option('--roles <list>', `comma-separated roles: ${ROLES.join(', ')}`, 'sign,read')
    .action(create);
  apikey
    .command('list')
    .description("list a department's API keys (never their secrets)")
    .requiredOption('--department <code>', 'department code')
    .option('--json', 'print JSON')
    .action(list);
  apikey.command('revoke').argument('<keyId>', 'the 16 hex digits after ds_').description('revoke an API key at once').action(revoke);
}
