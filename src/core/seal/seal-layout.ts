/** A square area: lower-left corner and side, in the form's space (points). */
export type Square = { readonly x: number; readonly y: number; readonly size: number };
export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

/** Where each part of the seal goes; every size derives from the seal's width and height. */
export type SealLayout = {
  readonly lineWidth: number;
  readonly image: Square;
  readonly qr: Square;
  /** Beside the image: the department's names. */
  readonly names: Box;
  /** Below the image and the names, as wide as both: the labelled lines (signer, time, ID, hash). */
  readonly details: Box;
};

/**
 * The share of the inner height the labelled lines take: five lines of bilingual labels need the
 * width left of the QR code, so they run under the image rather than beside it.
 */
const DETAILS_SHARE = 0.55;

/**
 * QR code on the right, at full height; left of it the image with the names beside it on top and the
 * labelled lines below. The QR square takes a quarter of the width (at most the inner height), but
 * never shrinks below `minQrSize`, the size that keeps its modules readable when the page is printed
 * or rendered at 150 dpi.
 */
export function sealLayout(width: number, height: number, minQrSize: number): SealLayout {
  const pad = 0.06 * Math.min(width, height);
  const inner = height - 2 * pad;
  const qrSize = Math.min(inner, Math.max(Math.min(inner, width * 0.25), minQrSize));
  const textRight = width - pad - qrSize - pad;
  const detailsHeight = DETAILS_SHARE * inner;
  const side = Math.max(0, Math.min(inner - detailsHeight - pad / 2, (textRight - pad) / 3));
  const top = height - pad - side;
  const namesX = pad + side + pad;
  return {
    lineWidth: Math.max(0.5, 0.008 * height),
    image: { x: pad, y: top, size: side },
    qr: { x: width - pad - qrSize, y: (height - qrSize) / 2, size: qrSize },
    names: { x: namesX, y: top, width: Math.max(0, textRight - namesX), height: side },
    details: { x: pad, y: pad, width: Math.max(0, textRight - pad), height: detailsHeight },
  };
}
