import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { PNG } from 'pngjs';
import { DocsealError } from '../core/errors.js';
import { drawSealPng } from '../core/seal/drawn-seal.js';
import type { Corner } from '../core/sign/types.js';
import { DEPARTMENT_CODE, type DepartmentDescriptor } from './department-keys.js';
import { findDepartment, operatorDepartmentPaths, type DepartmentLocation } from './department-folders.js';

export type NewDepartment = {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The seal image; without one a red placeholder seal is drawn. */
  readonly sealPng?: Buffer;
  readonly stampPosition?: Corner;
  readonly publicDownload: boolean;
  readonly publicPreview: boolean;
};

/** The red of an official seal's ink. */
const PLACEHOLDER_SEAL_COLOUR = { r: 204, g: 20, b: 32 };

function checkedSeal(png: Buffer | undefined): Buffer {
  if (!png) return drawSealPng(PLACEHOLDER_SEAL_COLOUR);
  try {
    PNG.sync.read(png);
  } catch {
    throw new DocsealError('invalid_request', 'the seal image is not a readable PNG file');
  }
  return png;
}

function checkedNames(input: NewDepartment): { nameZh: string; nameEn: string } {
  const nameZh = input.nameZh.trim();
  const nameEn = input.nameEn.trim();
  if (!nameZh || !nameEn) throw new DocsealError('invalid_request', 'a department needs a Chinese and an English name');
  return { nameZh, nameEn };
}

/**
 * Creates `<certsDir>/departments/<code>/` with its seal and department.json, without a key: until
 * `import-key` or `issue-cert` installs one, the service skips it and names what is missing.
 * department.json is written last, so a department exists only once its folder is complete.
 */
export async function createDepartment(certsDir: string, input: NewDepartment): Promise<DepartmentLocation> {
  if (!DEPARTMENT_CODE.safeParse(input.code).success) {
    throw new DocsealError('invalid_request', 'a department code is lower-case letters, digits and dashes, e.g. civil-affairs');
  }
  const { code } = input;
  const paths = operatorDepartmentPaths(certsDir, code);
  const existing = await findDepartment(certsDir, code);
  if (existing || existsSync(paths.folder)) {
    throw new DocsealError('invalid_request', `department ${code} exists already (${existing?.folder ?? paths.folder})`);
  }
  const names = checkedNames(input);
  const seal = checkedSeal(input.sealPng);
  const descriptor: DepartmentDescriptor = {
    code,
    ...names,
    keyFile: relative(paths.folder, paths.keyFile),
    certFile: 'cert.pem',
    chainFile: 'chain.pem',
    sealFile: 'seal.png',
    publicDownload: input.publicDownload,
    publicPreview: input.publicPreview,
    ...(input.stampPosition ? { stampPosition: input.stampPosition } : {}),
  };
  await mkdir(dirname(paths.folder), { recursive: true });
  // Not recursive: a folder made meanwhile by another create fails here (EEXIST) instead of being shared.
  await mkdir(paths.folder);
  await writeFile(join(paths.folder, descriptor.sealFile), seal);
  const descriptorFile = join(paths.folder, 'department.json');
  await writeFile(descriptorFile, `${JSON.stringify(descriptor, null, 2)}\n`);
  return { code, kind: 'operator', folder: paths.folder, descriptorFile };
}
