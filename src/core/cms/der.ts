/**
 * A small DER (X.690) encoder and a bounded reader. Buffers in and out, so certificate and Name bytes
 * are copied exactly, never re-encoded.
 */

/** X.690 universal tags, as the first identifier octet of a primitive or constructed element. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A malformed or unsupported encoding. Callers translate it to a DocsealError where input enters. */
export class DerError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'DerError';
    this.offset = offset;
  }
}

export type Tlv = {
  /** The first identifier octet: class, constructed bit and tag number (0x1f for the high-number form). */
  readonly tag: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  readonly start: number;
  readonly valueStart: number;
  /** One past the last value octet. */
  readonly end: number;
};

/** Tag numbers above this would not fit the 4 base-128 octets we accept; nothing in PKIX comes close. */
const MAX_TAG_OCTETS = 4;
const MAX_LENGTH_OCTETS = 4;

function readTagNumber(buf: Buffer, pos: number, limit: number): { tagNumber: number; next: number } {
  let tagNumber = 0;
  for (let i = 0; i < MAX_TAG_OCTETS; i++) {
    if (pos + i >= limit) throw new DerError('truncated tag', pos + i);
    const octet = buf[pos + i] as number;
    if (i === 0 && octet === 0x80) throw new DerError('non-minimal tag number', pos);
    tagNumber = tagNumber * 128 + (octet & 0x7f);
    if ((octet & 0x80) === 0) {
      // X.690 §8.1.2.4: the high-number form is only for tag numbers 31 and above.
      if (tagNumber < 31) throw new DerError('non-minimal tag number', pos);
      return { tagNumber, next: pos + i + 1 };
    }
  }
  throw new DerError('tag number too large', pos);
}

function readLength(buf: Buffer, pos: number, limit: number): { length: number; next: number } {
  if (pos >= limit) throw new DerError('truncated length', pos);
  const first = buf[pos] as number;
  if (first < 0x80) return { length: first, next: pos + 1 };
  // X.690 §10.1: DER always uses the definite form, so 0x80 (indefinite) is rejected.
  if (first === 0x80) throw new DerError('indefinite length is not DER', pos);
  const count = first & 0x7f;
  if (count > MAX_LENGTH_OCTETS) throw new DerError('length too large', pos);
  if (pos + 1 + count > limit) throw new DerError('truncated length', pos);
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + (buf[pos + i] as number);
  // X.690 §10.1: the long form with the fewest octets, and only for lengths of 128 and above.
  if (buf[pos + 1] === 0 || length < 0x80) throw new DerError('non-minimal length', pos);
  return { length, next: pos + 1 + count };
}

/**
 * Reads the TLV starting at `offset`, never looking at or past `limit` (default: the end of `buf`),
 * so a child can be read within its parent's bounds.
 */
export function readTlv(buf: Buffer, offset: number, limit: number = buf.length): Tlv {
  const bound = Math.min(limit, buf.length);
  if (!Number.isInteger(offset) || offset < 0 || offset >= bound) {
    throw new DerError('truncated element', offset);
  }
  const tag = buf[offset] as number;
  let pos = offset + 1;
  let tagNumber = tag & 0x1f;
  if (tagNumber === 0x1f) ({ tagNumber, next: pos } = readTagNumber(buf, pos, bound));
  const { length, next } = readLength(buf, pos, bound);
  if (length > bound - next) throw new DerError('value runs past its container', offset);
  return { tag, tagNumber, constructed: (tag & 0x20) !== 0, start: offset, valueStart: next, end: next + length };
}

/** The elements inside a constructed TLV, each bounded by it; anything left over is an error. */
export function readChildren(buf: Buffer, parent: Tlv): Tlv[] {
  const children: Tlv[] = [];
  for (let pos = parent.valueStart; pos < parent.end; ) {
    const child = readTlv(buf, pos, parent.end);
    children.push(child);
    pos = child.end;
  }
  return children;
}

/** The whole encoding (identifier, length and value) of a TLV. */
export function tlvBytes(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.start, tlv.end);
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

/** An element with a single-octet identifier (tag numbers below 31, all CMS needs). */
export function tlv(tag: number, ...contents: readonly Buffer[]): Buffer {
  const value = Buffer.concat(contents);
  return Buffer.concat([Buffer.of(tag), encodeLength(value.length), value]);
}

export function sequence(...items: readonly Buffer[]): Buffer {
  return tlv(TAG.SEQUENCE, ...items);
}

/**
 * X.690 §11.6: DER orders SET OF components by their encodings as octet strings, the shorter padded
 * with zeros; Buffer.compare gives that order (a prefix only ties with zero padding, where order is moot).
 */
export function setOf(items: readonly Buffer[]): Buffer {
  return tlv(TAG.SET, ...[...items].sort(Buffer.compare));
}

export function octetString(value: Buffer): Buffer {
  return tlv(TAG.OCTET_STRING, value);
}

export function nullValue(): Buffer {
  return Buffer.of(0x05, 0x00);
}

/** A non-negative INTEGER in the fewest octets (X.690 §8.3.2), with a leading zero to keep it positive. */
export function unsignedInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  const octets: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  if (octets.length === 0 || (octets[0] as number) >= 0x80) octets.unshift(0);
  return tlv(TAG.INTEGER, Buffer.from(octets));
}

function base128(arc: number): number[] {
  const octets = [arc % 128];
  for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
    octets.unshift(0x80 | (rest % 128));
  }
  return octets;
}

/** X.690 §8.19: the first two arcs share one subidentifier (40 * first + second). */
export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first, second, ...rest] = arcs;
  const valid = arcs.every((a) => Number.isSafeInteger(a) && a >= 0);
  if (!valid || first === undefined || second === undefined || first > 2 || (first < 2 && second >= 40)) {
    throw new RangeError(`not an object identifier: ${dotted}`);
  }
  const octets = [first * 40 + second, ...rest].flatMap(base128);
  return tlv(TAG.OID, Buffer.from(octets));
}

/** Subidentifiers larger than this would lose precision as numbers; no OID we compare comes close. */
const MAX_ARC = 2 ** 48;

/** X.690 §8.19: the dotted form of an OBJECT IDENTIFIER, rejecting non-minimal subidentifiers. */
export function readObjectIdentifier(buf: Buffer, element: Tlv): string {
  if (element.tag !== TAG.OID || element.end === element.valueStart) {
    throw new DerError('expected an OBJECT IDENTIFIER', element.start);
  }
  const arcs: number[] = [];
  let arc = 0;
  let fresh = true;
  for (let pos = element.valueStart; pos < element.end; pos++) {
    const octet = buf[pos] as number;
    if (fresh && octet === 0x80) throw new DerError('non-minimal OID subidentifier', pos);
    arc = arc * 128 + (octet & 0x7f);
    if (arc > MAX_ARC) throw new DerError('OID subidentifier too large', pos);
    fresh = (octet & 0x80) === 0;
    if (fresh) {
      arcs.push(arc);
      arc = 0;
    }
  }
  if (!fresh) throw new DerError('truncated OID subidentifier', element.end);
  const first = arcs[0] as number;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Like readChildren, but refuses more than `max` elements, so hostile input cannot make huge arrays. */
export function readChildrenAtMost(buf: Buffer, parent: Tlv, max: number): Tlv[] {
  const children: Tlv[] = [];
  for (let pos = parent.valueStart; pos < parent.end; ) {
    if (children.length >= max) throw new DerError(`more than ${max} elements`, pos);
    const child = readTlv(buf, pos, parent.end);
    children.push(child);
    pos = child.end;
  }
  return children;
}

export type WalkOutcome = 'ok' | 'too_deep' | 'too_many_elements';

/**
 * Walks every element under `root` without recursion (an explicit stack), so each length is checked
 * for DER minimality (a malformed one throws DerError); stops at the first constructed element nested
 * deeper than `maxDepth`, or after `maxElements` elements, and says which bound it hit.
 */
export function walkDer(buf: Buffer, root: Tlv, maxDepth: number, maxElements: number): WalkOutcome {
  if (!root.constructed) return 'ok';
  const stack: { end: number; pos: number }[] = [{ end: root.end, pos: root.valueStart }];
  let seen = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { end: number; pos: number };
    if (top.pos >= top.end) {
      stack.pop();
      continue;
    }
    const child = readTlv(buf, top.pos, top.end);
    top.pos = child.end;
    if (++seen > maxElements) return 'too_many_elements';
    if (!child.constructed) continue;
    if (stack.length >= maxDepth) return 'too_deep';
    stack.push({ end: child.end, pos: child.valueStart });
  }
  return 'ok';
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/**
 * RFC 5280 §4.1.2.5: UTCTime (years 1950-2049) or GeneralizedTime, in UTC with seconds and no
 * fractions, the forms DER certificates and CRLs use.
 */
export function readTime(buf: Buffer, element: Tlv): Date {
  const text = buf.toString('latin1', element.valueStart, element.end);
  const match = element.tag === 0x17 ? UTC_TIME.exec(text) : element.tag === 0x18 ? GENERALIZED_TIME.exec(text) : null;
  if (!match) throw new DerError('expected a UTCTime or GeneralizedTime', element.start);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number, number, number, number, number, number,
  ];
  const fullYear = element.tag === 0x17 ? (year < 50 ? 2000 + year : 1900 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
  const normalised = date.getUTCFullYear() === fullYear && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!normalised || hour > 23 || minute > 59 || second > 59) {
    throw new DerError('invalid date', element.start);
  }
  return date;
}
