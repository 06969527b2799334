import { basename, dirname } from 'node:path';
import { findDescriptorFiles } from '../keys/department-keys.js';

/**
 * Department codes installed under `certsDir`, read without decrypting any key: creating an API key
 * must not require the signing keys' passphrase.
 */
export async function knownDepartmentCodes(certsDir: string): Promise<string[]> {
  return (await findDescriptorFiles(certsDir)).map((f) => basename(dirname(f))).sort();
}
