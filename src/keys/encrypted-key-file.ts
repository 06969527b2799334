import { chmod, rename, writeFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';

/**
 * Writes `key` as encrypted PKCS#8 (RFC 5958; PBES2 with PBKDF2 and AES-256-CBC), readable by its owner
 * only. Written beside the target and renamed over it, so a crash never leaves half a key behind.
 */
export async function writeEncryptedKey(file: string, key: KeyObject, passphrase: string): Promise<void> {
  const pem = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
  const partial = `${file}.partial`;
  await writeFile(partial, pem, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, file);
}
