import type { SealImage } from '../core/seal/seal-image.js';
import type { CjkFont } from '../core/seal/cjk-font.js';
import type { SigningIdentity } from '../core/sign/key-signer.js';
import type { Corner } from '../core/sign/types.js';
import type { LoadedDepartment } from '../keys/department-keys.js';
import { prepareSealImage } from './seal-assets.js';

/** A department ready to sign: its key, and its seal assets prepared once at start. */
export type SigningDepartment = {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly identity: SigningIdentity;
  readonly sealImage: SealImage;
  readonly sealFont: CjkFont;
  /** department.json `publicDownload`: the public page offers the signed file. */
  readonly publicDownload: boolean;
  /** department.json `publicPreview`: the public page shows a rendering of the seal page. */
  readonly publicPreview: boolean;
  /** department.json `strictInput`: refuse risky inputs instead of warning. */
  readonly strictInput: boolean;
  /** department.json `stampPosition`: the seal's corner when a request names none. */
  readonly stampPosition?: Corner;
};

/** Decodes each department's seal PNG once, so no image work happens on the signing path. */
export async function prepareSigningDepartments(
  loaded: ReadonlyMap<string, LoadedDepartment>,
  sealFont: CjkFont,
): Promise<ReadonlyMap<string, SigningDepartment>> {
  const ready = new Map<string, SigningDepartment>();
  for (const department of loaded.values()) {
    const { code, nameZh, nameEn, identity, publicDownload, publicPreview, strictInput, stampPosition } = department;
    const sealImage = await prepareSealImage(department.sealPng);
    ready.set(code, { code, nameZh, nameEn, identity, sealImage, sealFont, publicDownload, publicPreview, strictInput, ...(stampPosition ? { stampPosition } : {}) });
  }
  return ready;
}
