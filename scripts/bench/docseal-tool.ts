import { createHash, type Hash } from 'node:crypto';
import { signPdf } from '../../src/core/sign/sign-pdf.js';
import type { SealContent, SignRequest } from '../../src/core/sign/types.js';
import { loadDepartmentIdentities, type LoadedDepartment } from '../../src/keys/department-keys.js';
import { loadCjkFont, prepareSealImage } from '../../src/services/seal-assets.js';
import type { BenchKeys } from './bench-keys.js';
import { LOCATION, REASON, SIGNING_TIME, type BenchTool, type SignedOutput, type TimedRun } from './tool.js';

const DOCUMENT_ID = 'bench0000000000000000001';

type Base = Omit<SignRequest, 'originalHash' | 'seal'> & { readonly seal: Omit<SealContent, 'hashPrefix'> };

/** A signing request for `department` as the upload route builds it, its seal ready but for the hash prefix. */
export async function departmentRequest(file: Buffer, department: LoadedDepartment, signingTime: Date): Promise<Base> {
  return {
    original: file,
    identity: department.identity,
    sealFont: loadCjkFont(),
    seal: {
      departmentNameZh: department.nameZh,
      departmentNameEn: department.nameEn,
      signerName: department.nameEn,
      signingTimeText: '2026-11-27 11:20:05 +08:00',
      documentId: DOCUMENT_ID,
      verifyUrl: `https://docseal.example.gov/v/${DOCUMENT_ID}`,
      image: await prepareSealImage(department.sealPng),
    },
    reason: REASON,
    location: LOCATION,
    signerName: department.nameEn,
    signingTime,
    utcOffsetMinutes: 480,
  };
}

/** What the service holds at start: keys decrypted, font parsed, seal image decoded. */
async function baseRequest(file: Buffer, keys: BenchKeys): Promise<Base> {
  const departments = await loadDepartmentIdentities(keys.certsDir, keys.passphrase);
  const department = departments.get(keys.department);
  if (!department) throw new Error(`department ${keys.department} was not generated`);
  return departmentRequest(file, department, SIGNING_TIME);
}

/** Signs `base` with the hash prefix taken from the running hash, as the upload route does. */
export async function signOnce(base: Base, originalHash: Hash): Promise<SignedOutput> {
  const hashPrefix = originalHash.copy().digest('hex').slice(0, 16);
  const result = await signPdf({ ...base, seal: { ...base.seal, hashPrefix }, originalHash });
  return [result.original, result.update];
}

/**
 * docseal as the service runs it: the upload is hashed while it arrives, so the running hash over the
 * original is ready before signing starts; each run gets its own copy of it, taken before the clock starts.
 */
export const docsealTool: BenchTool = {
  async prepare(file, keys) {
    const base = await baseRequest(file, keys);
    const uploaded = createHash('sha256').update(file);
    return (): TimedRun => {
      const originalHash = uploaded.copy();
      return () => signOnce(base, originalHash);
    };
  },
};

/** The same, with the SHA-256 pass over the upload inside the timed region. */
export const docsealWithHashTool: BenchTool = {
  async prepare(file, keys) {
    const base = await baseRequest(file, keys);
    return (): TimedRun => () => signOnce(base, createHash('sha256').update(file));
  },
};
