import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { readChildren, readTlv, TAG } from '../core/cms/der.js';
import { DocsealError } from '../core/errors.js';
import type { SigningIdentity } from '../core/sign/key-signer.js';
import type { Corner } from '../core/sign/types.js';
import { NodeCryptoSigner } from './node-crypto-signer.js';

export type LoadedDepartment = {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly identity: SigningIdentity;
  readonly sealPng: Buffer;
  /** Whether the public page (/v/<id>) offers the signed file for download. */
  readonly publicDownload: boolean;
  /** Whether the public page shows a rendering of the signed document's seal page. */
  readonly publicPreview: boolean;
  /** Refuse inputs with active content or unreferenced objects instead of signing them with a warning. */
  readonly strictInput: boolean;
  /** Where the department's seal goes when a signing request names no corner. */
  readonly stampPosition?: Corner;
};

export const CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const satisfies readonly Corner[];

/** department.json; the file names are relative to its folder. */
const descriptorSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  keyFile: z.string().min(1),
  certFile: z.string().min(1),
  chainFile: z.string().min(1),
  sealFile: z.string().min(1),
  // The department's policy for its documents' public page; absent means no public download or preview.
  publicDownload: z.boolean().optional(),
  publicPreview: z.boolean().optional(),
  strictInput: z.boolean().optional(),
  stampPosition: z.enum(CORNERS).optional(),
});

export type DepartmentDescriptor = z.infer<typeof descriptorSchema>;

/** A department code: lower-case letters, digits and dashes, as its folder is named. */
export const DEPARTMENT_CODE = descriptorSchema.shape.code;

/** Generated development departments, and those an operator installs beside them (`docseal department`). */
export const DEPARTMENT_FOLDERS = [['dev', 'departments'], ['departments']] as const;

/** Every department.json under the department folders; a department's code is its folder's name. */
export async function findDescriptorFiles(certsDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const folder of DEPARTMENT_FOLDERS) {
    const root = join(certsDir, ...folder);
    if (!existsSync(root)) continue;
    const entries = await readdir(root, { withFileTypes: true });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(root, entry.name, 'department.json');
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

/** Reads and validates a department.json; its code must be its folder's name. */
export async function readDepartmentDescriptor(file: string): Promise<DepartmentDescriptor> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new DocsealError('config_invalid', `${file} is not readable JSON`, { file, problem: 'department.json is not readable JSON' });
  }
  const result = descriptorSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.');
    throw new DocsealError('config_invalid', `${file}: ${field} ${issue?.message}`, { file, problem: `department.json: ${field} is invalid` });
  }
  if (result.data.code !== basename(dirname(file))) {
    const problem = 'department.json: code differs from its folder name';
    throw new DocsealError('config_invalid', `${file}: code "${result.data.code}" differs from its folder name`, { file, problem });
  }
  return result.data;
}

/** What each file of a department is called in a problem report (no paths: /readyz shows it). */
export type DepartmentFileRole = 'key' | 'certificate' | 'chain' | 'seal image';

/**
 * Whose key material a message is about: a department, by its code (the details name it), or another
 * holder of a key such as the built-in time-stamping authority.
 */
export type KeyOwner = { readonly label: string; readonly department?: string };

export const departmentOwner = (code: string): KeyOwner => ({ label: `department ${code}`, department: code });

function detailsOf(owner: KeyOwner, file: string, problem: string): Record<string, unknown> {
  return { ...(owner.department !== undefined ? { department: owner.department } : {}), file, problem };
}

export async function readKeyMaterialFile(owner: KeyOwner, file: string, role: DepartmentFileRole): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new DocsealError('config_invalid', `${owner.label}: cannot read ${file}`, detailsOf(owner, file, `${role} file is missing or unreadable`));
  }
}

/** Splits a PEM bundle into certificates, in file order. */
export function parseCertificates(owner: KeyOwner, file: string, role: DepartmentFileRole, pem: Buffer): [X509Certificate, ...X509Certificate[]] {
  const blocks = pem.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    const [first, ...rest] = blocks.map((block) => new X509Certificate(block));
    if (!first) throw new Error('no certificate');
    return [first, ...rest];
  } catch {
    throw new DocsealError('config_invalid', `${owner.label}: ${file} holds no valid certificate`, detailsOf(owner, file, `${role} file holds no valid certificate`));
  }
}

/** `problem` is said of the key file, without its path or remedy: "is not encrypted". */
function keyUnavailable(owner: KeyOwner, file: string, problem: string, remedy = ''): DocsealError {
  return new DocsealError('key_unavailable', `${owner.label}: key file ${file} ${problem}${remedy}`, detailsOf(owner, file, `key file ${problem}`));
}

/** Decrypts the key once; the passphrase never appears in an error (OpenSSL's messages omit it too). */
export async function decryptKey(owner: KeyOwner, file: string, passphrase: string): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(file, 'latin1');
  } catch {
    const remedy = 'npm run certs makes the development keys; docseal department import-key or issue-cert installs one';
    throw keyUnavailable(owner, file, 'is missing or unreadable', ` (${remedy})`);
  }
  // Keys are encrypted at rest, so a plain key file is refused.
  if (!pem.includes('ENCRYPTED')) throw keyUnavailable(owner, file, 'is not encrypted');
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (error) {
    const badDecrypt = (error as { code?: unknown }).code === 'ERR_OSSL_BAD_DECRYPT';
    const problem = badDecrypt || isEncryptedKeyInfo(pem) ? 'cannot be decrypted: wrong passphrase' : 'is not a valid encrypted key';
    throw keyUnavailable(owner, file, problem);
  }
}

/**
 * Whether the PEM holds a well-formed EncryptedPrivateKeyInfo (RFC 5958 §3: a SEQUENCE of the
 * encryption algorithm and an OCTET STRING). A wrong passphrase usually fails the block padding
 * (ERR_OSSL_BAD_DECRYPT), but about one time in 256 the garbage passes it and fails as a key instead:
 * the file is still a valid encrypted key, and the passphrase is what is wrong.
 */
function isEncryptedKeyInfo(pem: string): boolean {
  const body = /-----BEGIN ENCRYPTED PRIVATE KEY-----([\s\S]*?)-----END ENCRYPTED PRIVATE KEY-----/.exec(pem)?.[1];
  if (!body) return false;
  try {
    const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
    const outer = readTlv(der, 0);
    const parts = outer.tag === TAG.SEQUENCE && outer.end === der.length ? readChildren(der, outer) : [];
    return parts.length === 2 && parts[0]!.tag === TAG.SEQUENCE && parts[1]!.tag === TAG.OCTET_STRING;
  } catch {
    return false;
  }
}

/** Loads one department from its department.json, decrypting its key; throws naming what is wrong (details.problem). */
export async function loadDepartment(descriptorFile: string, passphrase: string): Promise<LoadedDepartment> {
  const descriptor = await readDepartmentDescriptor(descriptorFile);
  const { code } = descriptor;
  const folder = dirname(descriptorFile);
  const certFile = join(folder, descriptor.certFile);
  const chainFile = join(folder, descriptor.chainFile);
  const owner = departmentOwner(code);
  const [certificate] = parseCertificates(owner, certFile, 'certificate', await readKeyMaterialFile(owner, certFile, 'certificate'));
  const chain = parseCertificates(owner, chainFile, 'chain', await readKeyMaterialFile(owner, chainFile, 'chain'));
  if (!certificate.checkIssued(chain[0]) || !certificate.verify(chain[0].publicKey)) {
    const message = `department ${code}: the first certificate of ${chainFile} did not issue ${certFile}`;
    const problem = 'the first certificate of the chain did not issue the certificate';
    throw new DocsealError('config_invalid', message, { department: code, file: chainFile, problem });
  }
  const keyFile = join(folder, descriptor.keyFile);
  const key = await decryptKey(owner, keyFile, passphrase);
  if (!certificate.checkPrivateKey(key)) throw keyUnavailable(owner, keyFile, 'does not match the certificate', ` ${certFile}`);
  const sealPng = await readKeyMaterialFile(owner, join(folder, descriptor.sealFile), 'seal image');
  const identity: SigningIdentity = {
    certificate: certificate.raw,
    chain: chain.map((c) => c.raw),
    signer: new NodeCryptoSigner(key),
  };
  const { nameZh, nameEn, stampPosition } = descriptor;
  const publicDownload = descriptor.publicDownload ?? false;
  const publicPreview = descriptor.publicPreview ?? false;
  const strictInput = descriptor.strictInput ?? false;
  return { code, nameZh, nameEn, identity, sealPng, publicDownload, publicPreview, strictInput, ...(stampPosition ? { stampPosition } : {}) };
}

/**
 * Loads every department under `<certsDir>/dev/departments/*` and `<certsDir>/departments/*`, decrypting
 * each key once. Strict: throws `key_unavailable` naming the department and file when a key is missing,
 * the passphrase is wrong, or the key does not match its certificate (tools and tests that need all of
 * them; the service uses loadDepartmentSet, which skips such a department and loads the others).
 */
export async function loadDepartmentIdentities(
  certsDir: string,
  passphrase: string,
): Promise<Map<string, LoadedDepartment>> {
  const files = await findDescriptorFiles(certsDir);
  if (files.length === 0) {
    const folders = DEPARTMENT_FOLDERS.map((folder) => join(certsDir, ...folder)).join(' or ');
    throw new DocsealError('key_unavailable', `no departments in ${folders}: run npm run certs`);
  }
  const departments = new Map<string, LoadedDepartment>();
  for (const file of files) {
    const department = await loadDepartment(file, passphrase);
    if (departments.has(department.code)) {
      throw new DocsealError('config_invalid', `department ${department.code} is defined twice (${file})`, { file });
    }
    departments.set(department.code, department);
  }
  return departments;
}
