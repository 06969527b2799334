import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.js';

export const IMPORT_PASSWORD_ENV = 'DOCSEAL_IMPORT_PASSWORD';

/** A secret from a file, without the final line break an editor or `echo` adds; never echoed back. */
export function readSecretFile(file: string, what: string): string {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read the ${what} file ${file}`);
  }
  return content.replace(/\r?\n$/, '');
}

/** The PKCS#12 password: --password-file, else DOCSEAL_IMPORT_PASSWORD, where empty counts as unset (the CLI never prompts). */
export function importPassword(passwordFile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (passwordFile !== undefined) return readSecretFile(passwordFile, 'PKCS#12 password');
  const fromEnv = env[IMPORT_PASSWORD_ENV];
  if (fromEnv === undefined || fromEnv === '') throw new CliError(`give the PKCS#12 password with --password-file or ${IMPORT_PASSWORD_ENV}`);
  return fromEnv;
}
