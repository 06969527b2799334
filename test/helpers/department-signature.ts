import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SignRequest } from '../../src/core/sign/types.js';
import type { LoadedDepartment } from '../../src/keys/department-keys.js';
import { loadCjkFont, prepareSealImage } from '../../src/services/seal-assets.js';
import { makePdfLibDoc } from './pdf-fixtures.js';
import { makeTempDir, removeDir } from './tool-run.js';
import { makeNssDb, runPdfsig } from './verifiers.js';

/** Signs a fresh PDF as `department` and expects pdfsig (NSS, trusting `rootPem`) to accept the signature. */
export async function expectDepartmentSignsForPdfsig(department: LoadedDepartment, rootPem: string): Promise<void> {
  const dir = makeTempDir('docseal-department-signature-');
  try {
    const request: SignRequest = {
      original: await makePdfLibDoc(),
      identity: department.identity,
      seal: {
        departmentNameZh: department.nameZh,
        departmentNameEn: department.nameEn,
        signerName: department.nameEn,
        signingTimeText: '2026-01-01 08:00:00 +08:00',
        documentId: 'department-signature-test',
        hashPrefix: '0123456789abcdef',
        verifyUrl: 'https://docseal.example.gov/v/department-signature-test',
        image: await prepareSealImage(department.sealPng),
      },
      sealFont: loadCjkFont(),
      signingTime: new Date(),
      utcOffsetMinutes: 480,
      reason: 'Certified true copy',
      location: 'Demo City',
      signerName: department.nameEn,
    };
    const result = await signPdf(request);
    const pdf = join(dir, 'signed.pdf');
    writeFileSync(pdf, Buffer.concat([result.original, result.update]));
    const nss = join(dir, 'nss');
    mkdirSync(nss);
    makeNssDb(nss, [rootPem]);
    const sig = runPdfsig(pdf, nss);
    expect(sig.signatures, sig.raw).toHaveLength(1);
    expect(sig.signatures[0]!.signatureValid, sig.raw).toBe(true);
    expect(sig.signatures[0]!.certificateStatus, sig.raw).toBe('trusted');
  } finally {
    removeDir(dir);
  }
}
