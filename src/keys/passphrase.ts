import { existsSync, readFileSync } from 'node:fs';
import { DocsealError } from '../core/errors.js';

export const PASSPHRASE_ENV = 'DOCSEAL_KEY_PASSPHRASE';
export const PASSPHRASE_FILE_ENV = 'DOCSEAL_KEY_PASSPHRASE_FILE';

/** A file's passphrase is its content without the final line break an editor or `echo` adds. */
function readPassphraseFile(file: string, setting: string): string {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new DocsealError('key_unavailable', `cannot read the key passphrase file ${file} (${setting})`);
  }
  const passphrase = content.replace(/\r?\n$/, '');
  if (passphrase === '') {
    throw new DocsealError('key_unavailable', `the key passphrase file ${file} (${setting}) is empty`);
  }
  return passphrase;
}

/**
 * The passphrase that decrypts the department keys: DOCSEAL_KEY_PASSPHRASE, else the file named by
 * DOCSEAL_KEY_PASSPHRASE_FILE (for secrets mounted as files), else `defaults.passphraseFile` when it
 * exists (the one `npm run certs` writes for development). Messages never contain the passphrase.
 */
export function readKeyPassphrase(env: NodeJS.ProcessEnv, defaults: { passphraseFile?: string }): string {
  const direct = env[PASSPHRASE_ENV];
  if (direct !== undefined && direct !== '') return direct;
  const named = env[PASSPHRASE_FILE_ENV];
  if (named !== undefined && named !== '') return readPassphraseFile(named, PASSPHRASE_FILE_ENV);
  if (defaults.passphraseFile !== undefined && existsSync(defaults.passphraseFile)) {
    return readPassphraseFile(defaults.passphraseFile, 'default passphrase file');
  }
  throw new DocsealError(
    'key_unavailable',
    `no key passphrase: set ${PASSPHRASE_ENV} or ${PASSPHRASE_FILE_ENV}` +
      (defaults.passphraseFile ? `, or create ${defaults.passphraseFile} (npm run certs does)` : ''),
  );
}
