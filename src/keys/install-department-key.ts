import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DocsealError } from '../core/errors.js';
import { toPem } from './certificate-issuer.js';
import { readDepartmentDescriptor } from './department-keys.js';
import { findDepartment, listDepartmentLocations, type DepartmentLocation } from './department-folders.js';
import { writeEncryptedKey } from './encrypted-key-file.js';
import { checkSigningMaterial, type SigningMaterial } from './signing-material.js';

export type InstallOptions = {
  /** The service's key passphrase (readKeyPassphrase): the key is stored encrypted under it. */
  readonly passphrase: string;
  readonly now: Date;
  /** Replace a key the department has already. */
  readonly replace: boolean;
};

/** An operator department, the only kind whose key the CLI may write (dev ones belong to npm run certs). */
export async function operatorDepartment(certsDir: string, code: string): Promise<DepartmentLocation> {
  const location = await findDepartment(certsDir, code);
  if (!location) throw new DocsealError('invalid_request', `unknown department "${code}" (docseal department create makes one)`);
  if (location.kind !== 'operator') {
    throw new DocsealError('invalid_request', `department ${code} is a development department: npm run certs manages its key`);
  }
  return location;
}

/**
 * The service decrypts every key with one passphrase: a key stored under another would stop it from
 * starting. So the passphrase must open a key that is installed already, when there is one.
 */
async function checkPassphraseFitsInstalledKeys(certsDir: string, code: string, passphrase: string): Promise<void> {
  for (const location of await listDepartmentLocations(certsDir)) {
    if (location.code === code) continue;
    const keyFile = join(location.folder, (await readDepartmentDescriptor(location.descriptorFile)).keyFile);
    if (!existsSync(keyFile)) continue;
    try {
      createPrivateKey({ key: await readFile(keyFile, 'latin1'), format: 'pem', passphrase });
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_OSSL_BAD_DECRYPT') continue;
      throw new DocsealError('key_unavailable', `the key passphrase does not open department ${location.code}'s key; every department key must be stored under the service's passphrase`);
    }
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await writeFile(`${file}.partial`, content);
  await rename(`${file}.partial`, file);
}

/**
 * Checks `material` (checkSigningMaterial) and installs it into the department's folder: the key
 * re-encrypted under the service passphrase as encrypted PKCS#8, the certificate and the chain as PEM.
 */
export async function installDepartmentKey(certsDir: string, code: string, material: SigningMaterial, opts: InstallOptions): Promise<void> {
  const location = await operatorDepartment(certsDir, code);
  const descriptor = await readDepartmentDescriptor(location.descriptorFile);
  const keyFile = join(location.folder, descriptor.keyFile);
  if (existsSync(keyFile) && !opts.replace) {
    throw new DocsealError('invalid_request', `department ${code} has a key already; pass --replace to replace it`);
  }
  checkSigningMaterial(material, opts.now);
  await checkPassphraseFitsInstalledKeys(certsDir, code, opts.passphrase);
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  await writeEncryptedKey(keyFile, material.key, opts.passphrase);
  await writeAtomically(join(location.folder, descriptor.certFile), toPem(material.certificate.raw, 'CERTIFICATE'));
  await writeAtomically(join(location.folder, descriptor.chainFile), material.chain.map((c) => toPem(c.raw, 'CERTIFICATE')).join(''));
}
