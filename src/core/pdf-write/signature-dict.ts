import { PdfDict, PdfRef, name, textString, PdfString } from '../pdf/objects.js';
import { serializeValue } from './serialize.js';

export type SignatureDictInput = {
  readonly contentsBytes: number;
  readonly signingTime: Date;
  readonly utcOffsetMinutes: number;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
};

/** The serialised signature dictionary and where, inside it, its placeholders are. */
export type SignatureDictBytes = {
  readonly ref: PdfRef;
  readonly bytes: Buffer;
  /** Offset of `<` of /Contents, relative to `bytes`. */
  readonly contentsStart: number;
  /** Offset just after `>` of /Contents, relative to `bytes`. */
  readonly contentsEnd: number;
  /** Offset and width of the space reserved for the ByteRange array, relative to `bytes`. */
  readonly byteRangeStart: number;
  readonly byteRangeWidth: number;
};

/** Room for `[0 a b c]` with three numbers of up to 12 digits (files up to 1 TB). */
const BYTE_RANGE_WIDTH = 2 + 1 + 3 * 13;

/**
 * Writes the signature dictionary (ISO 32000-1 §12.8.1, ETSI EN 319 142-1 §5.3) with two reserved
 * areas: /ByteRange, filled once the update's length is known, and /Contents, a zero-filled hex string
 * that the CMS replaces. We write it by hand so the writer knows the reserved offsets instead of
 * searching for them afterwards. `protect` encrypts the other entries when the document is encrypted.
 */
export function serializeSignatureDict(ref: PdfRef, input: SignatureDictInput, protect?: (entries: PdfDict) => PdfDict): SignatureDictBytes {
  const d = new PdfDict();
  d.set('Type', name('Sig'));
  d.set('Filter', name('Adobe.PPKLite'));
  d.set('SubFilter', name('ETSI.CAdES.detached'));
  d.set('M', new PdfString(Buffer.from(pdfDate(input.signingTime, input.utcOffsetMinutes), 'latin1'), false));
  if (input.name) d.set('Name', textString(input.name));
  if (input.reason) d.set('Reason', textString(input.reason));
  if (input.location) d.set('Location', textString(input.location));
  if (input.contactInfo) d.set('ContactInfo', textString(input.contactInfo));
  const head = Buffer.from(`${ref.num} ${ref.gen} obj\n<</ByteRange `, 'latin1');
  const byteRangeStart = head.length;
  const afterRange = Buffer.from(`${' '.repeat(BYTE_RANGE_WIDTH)}\n/Contents `, 'latin1');
  const contentsStart = byteRangeStart + afterRange.length;
  const contents = Buffer.alloc(input.contentsBytes * 2 + 2, 0x30);
  contents[0] = 0x3c;
  contents[contents.length - 1] = 0x3e;
  // In an encrypted document the entries' strings are encrypted like any object's; /Contents never is
  // (ISO 32000-2 §7.6.2), and /ByteRange holds only numbers.
  const rest = serializeValue(protect ? protect(d) : d);
  // `rest` is `<<…>>`: splice its entries in after /Contents, dropping its own delimiters.
  const tail = Buffer.concat([Buffer.from('\n'), rest.subarray(2, rest.length - 2), Buffer.from('>>\nendobj\n')]);
  const bytes = Buffer.concat([head, afterRange, contents, tail]);
  return {
    ref,
    bytes,
    contentsStart,
    contentsEnd: contentsStart + contents.length,
    byteRangeStart,
    byteRangeWidth: BYTE_RANGE_WIDTH,
  };
}

/** Fills the reserved ByteRange area in place (padding with spaces keeps every offset fixed). */
export function writeByteRange(target: Buffer, at: number, width: number, range: readonly number[]): void {
  const text = `[${range.join(' ')}]`;
  if (text.length > width) throw new Error('ByteRange does not fit its reservation');
  target.write(text.padEnd(width, ' '), at, 'latin1');
}

/** §7.9.4: D:YYYYMMDDHHmmSSOHH'mm' in the signer's local time. */
export function pdfDate(t: Date, offsetMinutes: number): string {
  const local = new Date(t.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `D:${p(local.getUTCFullYear(), 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}'${p(abs % 60)}'`
  );
}
