/** A square area: lower-left corner and side, in the form's space (points). */
export type Square = { readonly x: number; readonly y: number; readonly size: number };
export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

/** Where each part of the seal goes; every size derives from the seal's width and height. */
export type SealLayout = {
  readonly lineWidth: number;
  readonly image: Square;
  readonly qr: Square;
  readonly text: Box;
};

/**
 * Image on the left, QR code on the right, text between them. The two squares take a quarter of the
 * width each (at most the inner height), but the QR square never shrinks below `minQrSize`, the size
 * that keeps its modules readable when the page is printed or rendered at 150 dpi.
 */
export function sealLayout(width: number, height: number, minQrSize: number): SealLayout {
  const pad = 0.06 * Math.min(width, height);
  const inner = height - 2 * pad;
  const side = Math.min(inner, width * 0.25);
  const qrSize = Math.min(inner, Math.max(side, minQrSize));
  const textX = pad + side + pad;
  const textRight = width - pad - qrSize - pad;
  return {
    lineWidth: Math.max(0.5, 0.008 * height),
    image: { x: pad, y: (height - side) / 2, size: side },
    qr: { x: width - pad - qrSize, y: (height - qrSize) / 2, size: qrSize },
    text: { x: textX, y: pad, width: Math.max(0, textRight - textX), height: inner },
  };
}
