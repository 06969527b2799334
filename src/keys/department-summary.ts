import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Corner } from '../core/sign/types.js';
import { readDepartmentDescriptor } from './department-keys.js';
import { listDepartmentLocations, type DepartmentKind, type DepartmentLocation } from './department-folders.js';

export type CertificateSummary = {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly fingerprint256: string;
};

/** What an operator may see of a department: names, settings and public certificate facts, no key material. */
export type DepartmentSummary = {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: DepartmentKind;
  readonly folder: string;
  readonly keyInstalled: boolean;
  readonly certificate?: CertificateSummary;
  readonly stampPosition?: Corner;
  readonly publicDownload: boolean;
  readonly publicPreview: boolean;
};

/** X509Certificate prints one attribute a line; an operator reads them on one. */
const oneLine = (name: string): string => name.split('\n').join(', ');

async function certificateSummary(file: string): Promise<CertificateSummary | undefined> {
  if (!existsSync(file)) return undefined;
  const certificate = new X509Certificate(await readFile(file));
  return {
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
  };
}

/** Reads the descriptor and the certificate; the key file is only checked for presence, never opened. */
export async function describeDepartment(location: DepartmentLocation): Promise<DepartmentSummary> {
  const descriptor = await readDepartmentDescriptor(location.descriptorFile);
  const certificate = await certificateSummary(join(location.folder, descriptor.certFile));
  return {
    code: descriptor.code,
    nameZh: descriptor.nameZh,
    nameEn: descriptor.nameEn,
    kind: location.kind,
    folder: location.folder,
    keyInstalled: existsSync(join(location.folder, descriptor.keyFile)),
    ...(certificate ? { certificate } : {}),
    ...(descriptor.stampPosition ? { stampPosition: descriptor.stampPosition } : {}),
    publicDownload: descriptor.publicDownload ?? false,
    publicPreview: descriptor.publicPreview ?? false,
  };
}

export async function listDepartments(certsDir: string): Promise<DepartmentSummary[]> {
  return Promise.all((await listDepartmentLocations(certsDir)).map(describeDepartment));
}
