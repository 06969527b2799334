import { readTlv } from '../../../src/core/cms/der.js';
import { layoutOf } from './inspect.js';

/**
 * Ways to write a signature's /Contents hex string differently without changing the CMS it decodes
 * to, the length of the gap or any signed byte. ISO 32000-1 §7.3.4.3: hex digits may be upper or
 * lower case and white space inside the string is ignored; the zero padding after the DER is not
 * part of the CMS (§12.8.1). Each changes the file's SHA-256 and nothing the signature signed.
 */
export type GapSpelling =
  /** Every hex digit in upper case. */
  | 'upper-case'
  /** The zero padding after the DER written as spaces and line breaks instead of '0' digits. */
  | 'padding-as-white-space'
  /** The CMS hex moved right by white space after '<', the padding shortened to keep the length. */
  | 'cms-moved';

const SHIFT = 64;

function spelled(hex: string, derHexLength: number, spelling: GapSpelling): string {
  const der = hex.slice(0, derHexLength);
  const padding = hex.length - derHexLength;
  if (spelling === 'upper-case') return hex.toUpperCase();
  if (spelling === 'padding-as-white-space') return der + Array.from({ length: padding }, (_, i) => (i % 64 === 63 ? '\n' : ' ')).join('');
  if (padding < SHIFT) throw new Error('not enough zero padding to move the CMS');
  return `${' '.repeat(SHIFT - 1)}\n${der}${'0'.repeat(padding - SHIFT)}`;
}

/**
 * The file with the /Contents gap of its first signature re-spelled. Only the bytes between the '<'
 * and '>' of the gap change; the gap is located by the signature's /ByteRange.
 */
export function respellGap(signed: Buffer, spelling: GapSpelling): Buffer {
  const br = layoutOf(signed).byteRange;
  if (br?.length !== 4) throw new Error('the file has no signature with a /ByteRange');
  const [, gapStart, gapEnd] = br as [number, number, number, number];
  const hex = signed.subarray(gapStart + 1, gapEnd - 1).toString('latin1');
  if (signed[gapStart] !== 0x3c || signed[gapEnd - 1] !== 0x3e || !/^[0-9a-f]+$/.test(hex)) {
    throw new Error('the gap is not a lower-case hex string');
  }
  const derHexLength = 2 * readTlv(Buffer.from(hex, 'hex'), 0).end;
  const text = spelled(hex, derHexLength, spelling);
  if (text.length !== hex.length || text === hex) throw new Error(`re-spelling ${spelling} must keep the length and change the bytes`);
  const out = Buffer.from(signed);
  out.write(text, gapStart + 1, 'latin1');
  return out;
}
