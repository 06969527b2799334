import { join } from 'node:path';
import { generateDevPki } from '../../scripts/certs-lib.js';
import { loadDepartmentIdentities, type LoadedDepartment } from '../../src/keys/department-keys.js';
import { loadCjkFont, prepareSealImage } from '../../src/services/seal-assets.js';
import type { CjkFont } from '../../src/core/seal/cjk-font.js';
import type { SealImage } from '../../src/core/seal/seal-image.js';
import type { SealContent, SignRequest } from '../../src/core/sign/types.js';
import { makeTempDir } from './tool-run.js';

export const TEST_PASSPHRASE = 'test-passphrase-not-secret';
/** Frozen time for every test signature. */
export const TEST_NOW = new Date('2026-11-27T03:20:05Z');

export type SigningKit = {
  readonly certsDir: string;
  readonly rootPem: string;
  readonly departments: Map<string, LoadedDepartment>;
  readonly font: CjkFont;
  readonly images: Map<string, SealImage>;
};

let kit: Promise<SigningKit> | undefined;

/** A development PKI generated once per test file into a temp dir, keys decrypted, seal assets ready. */
export function signingKit(): Promise<SigningKit> {
  kit ??= (async () => {
    const certsDir = makeTempDir('docseal-pki-');
    await generateDevPki({ certsDir, passphrase: TEST_PASSPHRASE, now: new Date(TEST_NOW.getTime() - 86_400_000) });
    const departments = await loadDepartmentIdentities(certsDir, TEST_PASSPHRASE);
    const images = new Map<string, SealImage>();
    for (const [code, d] of departments) images.set(code, await prepareSealImage(d.sealPng));
    const { readFileSync } = await import('node:fs');
    const rootPem = readFileSync(join(certsDir, 'trust', 'docseal-dev-root.pem'), 'utf8');
    return { certsDir, rootPem, departments, font: loadCjkFont(), images };
  })();
  return kit;
}

export function sealContentFor(k: SigningKit, code: string, documentId: string, hashPrefix = '0123456789abcdef'): SealContent {
  const d = k.departments.get(code)!;
  return {
    departmentNameZh: d.nameZh,
    departmentNameEn: d.nameEn,
    signerName: d.nameEn,
    signingTimeText: '2026-11-27 11:20:05 +08:00',
    documentId,
    hashPrefix,
    verifyUrl: `https://docseal.example.gov/v/${documentId}`,
    image: k.images.get(code),
  };
}

export function signRequestFor(k: SigningKit, code: string, original: Buffer, documentId: string, extra: Partial<SignRequest> = {}): SignRequest {
  return {
    original,
    identity: k.departments.get(code)!.identity,
    seal: sealContentFor(k, code, documentId),
    sealFont: k.font,
    signingTime: TEST_NOW,
    utcOffsetMinutes: 480,
    reason: 'Certified true copy',
    location: 'Demo City',
    signerName: k.departments.get(code)!.nameEn,
    ...extra,
  };
}
