import type { Hash } from 'node:crypto';
import type { SigningIdentity } from './key-signer.js';
import type { SealImage } from '../seal/seal-image.js';
import type { CjkFont } from '../seal/cjk-font.js';

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** What the visible seal shows (EN and ZH department names, signer, time, ids, hash prefix, QR URL). */
export type SealContent = {
  readonly departmentNameZh: string;
  readonly departmentNameEn: string;
  readonly signerName: string;
  /** Already formatted with its time zone, e.g. "2026-11-27 11:20:05 +08:00". */
  readonly signingTimeText: string;
  readonly documentId: string;
  /** First 16 hex digits of the original's SHA-256. */
  readonly hashPrefix: string;
  readonly verifyUrl: string;
  readonly image?: SealImage;
};

export type SealPlacement = {
  /** 1-based page number; default the last page. */
  readonly page?: number;
  readonly corner?: Corner;
};

export type SignRequest = {
  /** The uploaded bytes; they are the first bytes of the output, unchanged. */
  readonly original: Buffer;
  /**
   * A running SHA-256 over `original`, not yet digested (the upload hashed while it arrived).
   * When given, the signer continues it instead of hashing the original again.
   */
  readonly originalHash?: Hash;
  readonly identity: SigningIdentity;
  readonly seal: SealContent;
  /** The font the seal's text is drawn with, loaded once at start. */
  readonly sealFont: CjkFont;
  readonly placement?: SealPlacement;
  /** No visible seal (`seal=none`): the widget has a zero /Rect and no appearance (ISO 32000-1 §12.7.4.5). */
  readonly invisible?: boolean;
  readonly reason?: string;
  readonly location?: string;
  readonly signerName?: string;
  readonly contactInfo?: string;
  /**
   * Refuse, instead of warning about, inputs with active content (JavaScript, open actions, XFA) or
   * unreferenced object definitions: the department's input policy.
   */
  readonly strictInput?: boolean;
  /** The claimed signing time, written to /M (the caller's clock: the core never reads it). */
  readonly signingTime: Date;
  /** Minutes east of UTC for /M and the seal text. */
  readonly utcOffsetMinutes: number;
};

export type SignWarning = { readonly code: string; readonly message: string };

export type SignResult = {
  /** The signed file is `original` followed by `update`: callers write both, no concatenated copy is made. */
  readonly original: Buffer;
  readonly update: Buffer;
  readonly sha256Original: string;
  readonly sha256Signed: string;
  /**
   * SHA-256 (hex) of the bytes /ByteRange covers, which is also the message-digest attribute's value
   * (RFC 5652 §11.2): what the signature signed, which nothing in the unsigned /Contents gap changes.
   */
  readonly sha256SignedRange: string;
  readonly fieldName: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly page: number;
  readonly rect: readonly [number, number, number, number];
  readonly warnings: readonly SignWarning[];
};
