import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DocsealError, isDocsealError } from '../core/errors.js';
import {
  DEPARTMENT_FOLDERS,
  loadDepartment,
  readDepartmentDescriptor,
  type DepartmentFileRole,
  type LoadedDepartment,
} from './department-keys.js';

/** A department folder that could not be loaded; `problem` names no path, so /readyz may show it. */
export type SkippedDepartment = {
  readonly code: string;
  readonly folder: string;
  readonly problem: string;
  /** The full reason, with file paths, for the operator's log. */
  readonly message: string;
};

export type DepartmentSet = {
  readonly departments: ReadonlyMap<string, LoadedDepartment>;
  readonly skipped: readonly SkippedDepartment[];
};

/** Every folder under the department folders, with or without its department.json, by code. */
async function departmentFolders(certsDir: string): Promise<{ code: string; folder: string }[]> {
  const found: { code: string; folder: string }[] = [];
  for (const parts of DEPARTMENT_FOLDERS) {
    const root = join(certsDir, ...parts);
    if (!existsSync(root)) continue;
    const entries = await readdir(root, { withFileTypes: true });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      found.push({ code: entry.name, folder: join(root, entry.name) });
    }
  }
  return found;
}

/** The files department.json names that are not there: a department made but not finished has no key or certificate yet. */
async function missingFiles(descriptorFile: string, folder: string): Promise<string[]> {
  const descriptor = await readDepartmentDescriptor(descriptorFile);
  const roles: [DepartmentFileRole, string][] = [
    ['key', descriptor.keyFile],
    ['certificate', descriptor.certFile],
    ['chain', descriptor.chainFile],
    ['seal image', descriptor.sealFile],
  ];
  return roles.filter(([, file]) => !existsSync(join(folder, file))).map(([role]) => role);
}

async function loadFolder(folder: string, passphrase: string): Promise<LoadedDepartment> {
  const descriptorFile = join(folder, 'department.json');
  if (!existsSync(descriptorFile)) {
    throw new DocsealError('config_invalid', `${descriptorFile} is missing`, { problem: 'department.json is missing' });
  }
  const missing = await missingFiles(descriptorFile, folder);
  if (missing.length > 0) {
    const problem = `no ${missing.join(', no ')} file`;
    throw new DocsealError('config_invalid', `${folder}: ${problem} (docseal department import-key or issue-cert installs a key)`, { problem });
  }
  return loadDepartment(descriptorFile, passphrase);
}

function skippedBecause(code: string, folder: string, e: unknown): SkippedDepartment {
  if (!isDocsealError(e)) throw e;
  const problem = typeof e.details?.problem === 'string' ? e.details.problem : e.message;
  return { code, folder, problem, message: e.message };
}

/**
 * Loads every department under `<certsDir>/dev/departments/*` and `<certsDir>/departments/*`,
 * decrypting each key once. A folder that is not a complete department (no department.json, no key or
 * certificate yet, a broken or foreign file) is skipped and named with its problem, so one half-made
 * department does not stop the others. Throws `key_unavailable` when none loads at all: with nothing
 * to sign with, the cause is the whole installation (no `npm run certs`, or a wrong passphrase).
 */
export async function loadDepartmentSet(certsDir: string, passphrase: string): Promise<DepartmentSet> {
  const departments = new Map<string, LoadedDepartment>();
  const skipped: SkippedDepartment[] = [];
  for (const { code, folder } of await departmentFolders(certsDir)) {
    try {
      if (departments.has(code)) throw new DocsealError('config_invalid', `department ${code} is defined twice (${folder})`, { problem: 'defined twice' });
      departments.set(code, await loadFolder(folder, passphrase));
    } catch (e) {
      skipped.push(skippedBecause(code, folder, e));
    }
  }
  if (departments.size === 0) {
    const folders = DEPARTMENT_FOLDERS.map((parts) => join(certsDir, ...parts)).join(' or ');
    const reasons = skipped.map((s) => s.message).join('; ');
    throw new DocsealError('key_unavailable', reasons ? `no department could be loaded: ${reasons}` : `no departments in ${folders}: run npm run certs`);
  }
  return { departments, skipped };
}
