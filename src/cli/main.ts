#!/usr/bin/env node
import { Command } from 'commander';
import { isDocsealError } from '../core/errors.js';
import { registerApiKeyCommands } from './apikey-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { CliError } from './cli-error.js';
import { registerDepartmentCommands } from './department-commands.js';

const program = new Command('docseal').description('docseal command line');
registerDepartmentCommands(program);
registerApiKeyCommands(program);
registerAuditCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  const known = e instanceof CliError || isDocsealError(e);
  process.stderr.write(`docseal: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!known && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
