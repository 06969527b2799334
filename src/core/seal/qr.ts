import QRCode from 'qrcode';
import { num } from './number-format.js';

/** ISO/IEC 18004 §7.3.8: a light margin of four modules around the symbol. */
const QUIET_ZONE = 4;

/**
 * Content-stream operators drawing `text` as a QR code (error correction M) in the square of side
 * `size` whose lower-left corner is (x, y), quiet zone included. A white square goes first so the code
 * decodes on any page colour; each horizontal run of dark modules is one `re`, in module units under a
 * `cm` so every coordinate is a small integer.
 */
export function qrPathOperators(text: string, x: number, y: number, size: number): string {
  return qrSymbolOperators(qrSymbol(text), x, y, size);
}

/** The dark modules of a QR symbol, row by row from the top: `dark[row * size + col]`. */
export type QrSymbol = { readonly size: number; readonly dark: Uint8Array };

export function qrSymbol(text: string): QrSymbol {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: modules.data };
}

/** Modules across the drawn square, quiet zone included: the side in points must be at least this for 1 pt modules. */
export function qrTotalModules(symbol: QrSymbol): number {
  return symbol.size + 2 * QUIET_ZONE;
}

export function qrSymbolOperators(symbol: QrSymbol, x: number, y: number, size: number): string {
  const n = symbol.size;
  const total = qrTotalModules(symbol);
  const ops = [`q ${num(size / total)} 0 0 ${num(size / total)} ${num(x)} ${num(y)} cm`];
  ops.push(`1 g 0 0 ${total} ${total} re f 0 g`);
  for (let row = 0; row < n; row++) {
    // Row 0 is the top of the symbol; PDF's y axis points up.
    const rowY = QUIET_ZONE + n - 1 - row;
    let col = 0;
    while (col < n) {
      if (!symbol.dark[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && symbol.dark[row * n + col]) col++;
      ops.push(`${QUIET_ZONE + start} ${rowY} ${col - start} 1 re`);
    }
  }
  ops.push('f Q');
  return ops.join('\n');
}
