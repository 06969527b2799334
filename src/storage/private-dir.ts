import { chmod, mkdir } from 'node:fs/promises';

/**
 * Creates `dir` (and missing parents) readable only by its owner, like certs/private: the database
 * files in it hold every record, API key hash and audit event. mkdir's mode is masked by the umask
 * and ignored for a directory that exists already, so the mode is also set explicitly; a parent the
 * operator created is left as it is.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}
