import { describe, expect, it } from 'vitest';
import {
  DerError,
  objectIdentifier,
  readChildrenAtMost,
  readObjectIdentifier,
  readTime,
  readTlv,
  sequence,
  tlv,
  walkDer,
} from '../../../src/core/cms/der.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('readObjectIdentifier', () => {
  it.each(['1.2.840.113549.1.9.16.2.47', '2.16.840.1.101.3.4.2.1', '2.999.3', '0.9.2342'])('round-trips %s', (oid) => {
    const der = objectIdentifier(oid);
    expect(readObjectIdentifier(der, readTlv(der, 0))).toBe(oid);
  });

  it.each([
    ['a non-minimal subidentifier', '06 03 2a 80 01'],
    ['a truncated subidentifier', '06 02 2a 86'],
    ['an empty value', '06 00'],
    ['another tag', '04 01 2a'],
  ])('refuses %s', (_label, input) => {
    const der = hex(input);
    expect(() => readObjectIdentifier(der, readTlv(der, 0))).toThrow(DerError);
  });
});

describe('walkDer and readChildrenAtMost', () => {
  it('reports depth and element bounds instead of recursing', () => {
    let deep: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5000; i++) deep = sequence(deep);
    expect(walkDer(deep, readTlv(deep, 0), 64, 1_000_000)).toBe('too_deep');
    const wide = sequence(...Array.from({ length: 100 }, () => hex('05 00')));
    expect(walkDer(wide, readTlv(wide, 0), 64, 50)).toBe('too_many_elements');
    expect(walkDer(wide, readTlv(wide, 0), 64, 100)).toBe('ok');
    expect(() => readChildrenAtMost(wide, readTlv(wide, 0), 99)).toThrow(DerError);
    expect(readChildrenAtMost(wide, readTlv(wide, 0), 100)).toHaveLength(100);
  });

  it('throws on a non-minimal length nested anywhere', () => {
    const bad = sequence(sequence(hex('04 81 01 00')));
    expect(() => walkDer(bad, readTlv(bad, 0), 64, 100)).toThrow(DerError);
  });
});

describe('readTime', () => {
  it('reads UTCTime on both sides of 2000 and GeneralizedTime', () => {
    const read = (tag: number, text: string) => {
      const der = tlv(tag, Buffer.from(text));
      return readTime(der, readTlv(der, 0)).toISOString();
    };
    expect(read(0x17, '491231235959Z')).toBe('2049-12-31T23:59:59.000Z');
    expect(read(0x17, '500101000000Z')).toBe('1950-01-01T00:00:00.000Z');
    expect(read(0x18, '20500101000000Z')).toBe('2050-01-01T00:00:00.000Z');
  });

  it.each([
    [0x17, '260230000000Z'],
    [0x17, '2611270320Z'],
    [0x17, '261127032005+0800'],
    [0x18, '20261127032005.5Z'],
    [0x04, '261127032005Z'],
  ])('refuses tag %i %s', (tag, text) => {
    const der = tlv(tag, Buffer.from(text));
    expect(() => readTime(der, readTlv(der, 0))).toThrow(DerError);
  });
});
