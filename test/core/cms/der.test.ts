import { describe, expect, it } from 'vitest';
import {
  DerError,
  encodeLength,
  objectIdentifier,
  readChildren,
  readTlv,
  sequence,
  setOf,
  unsignedInteger,
} from '../../../src/core/cms/der.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('readTlv', () => {
  it('reads short and long definite lengths', () => {
    expect(readTlv(hex('04 03 01 02 03'), 0)).toMatchObject({ tag: 0x04, tagNumber: 4, constructed: false, valueStart: 2, end: 5 });
    const long = Buffer.concat([hex('30 81 80'), Buffer.alloc(0x80)]);
    expect(readTlv(long, 0)).toMatchObject({ tag: 0x30, constructed: true, valueStart: 3, end: 0x83 });
    const twoOctets = Buffer.concat([hex('04 82 01 00'), Buffer.alloc(0x100)]);
    expect(readTlv(twoOctets, 0).end).toBe(0x104);
  });

  it('reads at an offset and the high tag number form', () => {
    expect(readTlv(hex('ff 9f 81 00 01 aa'), 1)).toMatchObject({ tagNumber: 128, valueStart: 5, end: 6 });
  });

  it.each([
    ['an offset past the end', '04 00', 2],
    ['a negative offset', '04 00', -1],
    ['a fractional offset', '04 00', 0.5],
    ['an empty buffer', '', 0],
    ['a missing length', '04', 0],
    ['a value past the end', '04 05 01 02', 0],
    ['truncated long length octets', '04 82 01', 0],
    ['the indefinite form (BER, not DER)', '30 80 00 00', 0],
    ['a non-minimal long form', '04 81 05 01 02 03 04 05', 0],
    ['a leading zero length octet', '04 82 00 81', 0],
    ['more than four length octets', '04 85 01 00 00 00 00', 0],
    ['a truncated high tag number', '1f 81', 0],
    ['a high tag number form for a low number', '1f 05 00', 0],
    ['a huge length', '04 84 ff ff ff ff 00', 0],
  ])('rejects %s', (_label, bytes, offset) => {
    expect(() => readTlv(hex(bytes), offset)).toThrow(DerError);
  });

  it('never reads past the given limit', () => {
    const buf = hex('30 03 04 01 aa 05 00');
    const parent = readTlv(buf, 0);
    expect(() => readTlv(buf, 2, 3)).toThrow(DerError);
    expect(readChildren(buf, parent).map((c) => c.tag)).toEqual([0x04]);
    expect(() => readChildren(hex('30 03 04 02 aa bb'), readTlv(hex('30 03 04 02 aa bb'), 0))).toThrow(DerError);
  });
});

describe('encoders', () => {
  it('encodes lengths in the fewest octets', () => {
    expect(encodeLength(0x7f)).toEqual(hex('7f'));
    expect(encodeLength(0x80)).toEqual(hex('81 80'));
    expect(encodeLength(0x100)).toEqual(hex('82 01 00'));
  });

  it('encodes object identifiers (X.690 §8.19)', () => {
    expect(objectIdentifier('1.2.840.113549.1.9.16.2.47')).toEqual(hex('06 0b 2a 86 48 86 f7 0d 01 09 10 02 2f'));
    expect(objectIdentifier('2.16.840.1.101.3.4.2.1')).toEqual(hex('06 09 60 86 48 01 65 03 04 02 01'));
    expect(() => objectIdentifier('1.40')).toThrow(RangeError);
    expect(() => objectIdentifier('3')).toThrow(RangeError);
  });

  it('encodes non-negative integers with a sign octet when needed', () => {
    expect(unsignedInteger(0)).toEqual(hex('02 01 00'));
    expect(unsignedInteger(127)).toEqual(hex('02 01 7f'));
    expect(unsignedInteger(128)).toEqual(hex('02 02 00 80'));
  });

  it('sorts SET OF by encoding (X.690 §11.6) and wraps a sequence', () => {
    expect(setOf([hex('04 01 02'), hex('02 01 05'), hex('04 01 01')])).toEqual(hex('31 09 02 01 05 04 01 01 04 01 02'));
    expect(sequence(hex('05 00'))).toEqual(hex('30 02 05 00'));
  });
});
