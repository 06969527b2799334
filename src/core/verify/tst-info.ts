import { DerError, TAG, readChildrenAtMost, readObjectIdentifier, readTime, readTlv, walkDer, type Tlv } from '../cms/der.js';
import { copyOf, expectTag } from './cms-facts-model.js';
import { readSmallInteger } from './signer-info-reader.js';

const TSA_NAME = 0xa0;
const EXTENSIONS = 0xa1;
const MILLIS = 0x80;
const MICROS = 0x81;

/** TSTInfo has ten fields; its parts nest a few levels (a directoryName in `tsa` is the deepest). */
const MAX_FIELDS = 10;
const MAX_DEPTH = 16;
const MAX_ELEMENTS = 2_000;

/** What a TSTInfo (RFC 3161 §2.4.2) says, read but not judged. */
export type TstInfoFacts = {
  readonly version: number;
  readonly policy: string;
  readonly imprint: { readonly hashAlgorithm: string; readonly hashedMessage: Buffer };
  /** The serialNumber TAG.INTEGER's content octets. */
  readonly serialNumber: Buffer;
  readonly genTime: Date;
  /** The accuracy in milliseconds, when given. */
  readonly accuracyMs: number | undefined;
  readonly nonce: Buffer | undefined;
  /** DER of the GeneralName in `tsa [0]`, when given. */
  readonly tsa: Buffer | undefined;
};

const FRACTIONAL_TIME = /^(\d{14})(?:\.(\d*[1-9]))?Z$/;

/**
 * RFC 3161 §2.4.2: genTime is GeneralizedTime in UTC with seconds and optional fractions (trailing
 * zeros removed, so ".0" and "." are not allowed). The whole seconds go through readTime.
 */
function readGenTime(buf: Buffer, element: Tlv | undefined): Date {
  const tlv = expectTag(element, TAG.GENERALIZED_TIME, 'genTime');
  const match = FRACTIONAL_TIME.exec(buf.toString('latin1', tlv.valueStart, tlv.end));
  if (!match) throw new DerError('genTime is not a UTC GeneralizedTime', tlv.start);
  const whole = Buffer.from(`\x18\x0f${match[1]!}Z`, 'latin1');
  const seconds = readTime(whole, readTlv(whole, 0));
  const millis = match[2] ? Math.floor(Number(`0.${match[2]}`) * 1000) : 0;
  return new Date(seconds.getTime() + millis);
}

/** Accuracy ::= TAG.SEQUENCE { seconds TAG.INTEGER OPTIONAL, millis [0] (1..999) OPTIONAL, micros [1] (1..999) OPTIONAL }. */
function readAccuracy(buf: Buffer, element: Tlv): number {
  let ms = 0;
  for (const field of readChildrenAtMost(buf, element, 3)) {
    const size = field.end - field.valueStart;
    if (size < 1 || size > 4 || (buf[field.valueStart] as number) >= 0x80) throw new DerError('bad accuracy', field.start);
    const value = buf.readUIntBE(field.valueStart, size);
    if (field.tag === TAG.INTEGER) ms += value * 1000;
    else if (field.tag === MILLIS) ms += value;
    else if (field.tag === MICROS) ms += Math.ceil(value / 1000);
    else throw new DerError('bad accuracy field', field.start);
  }
  return ms;
}

/** MessageImprint ::= TAG.SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }. */
function readImprint(buf: Buffer, element: Tlv | undefined): TstInfoFacts['imprint'] {
  const [algorithm, hashed, ...rest] = readChildrenAtMost(buf, expectTag(element, TAG.SEQUENCE, 'messageImprint'), 3);
  if (rest.length > 0) throw new DerError('messageImprint has extra fields', element!.start);
  const [oid] = readChildrenAtMost(buf, expectTag(algorithm, TAG.SEQUENCE, 'hashAlgorithm'), 2);
  const message = expectTag(hashed, TAG.OCTET_STRING, 'hashedMessage');
  return {
    hashAlgorithm: readObjectIdentifier(buf, expectTag(oid, TAG.OID, 'hashAlgorithm OID')),
    hashedMessage: copyOf(buf, message.valueStart, message.end),
  };
}

/** The optional tail: accuracy, ordering, nonce, tsa [0], extensions [1], each at most once and in order. */
function readOptional(buf: Buffer, fields: readonly Tlv[]): Pick<TstInfoFacts, 'accuracyMs' | 'nonce' | 'tsa'> {
  const order = [TAG.SEQUENCE, TAG.BOOLEAN, TAG.INTEGER, TSA_NAME, EXTENSIONS];
  const found = new Map<number, Tlv>();
  let at = 0;
  for (const field of fields) {
    const position = order.indexOf(field.tag, at);
    if (position < 0) throw new DerError('TSTInfo field out of order or unknown', field.start);
    found.set(field.tag, field);
    at = position + 1;
  }
  const accuracy = found.get(TAG.SEQUENCE);
  const nonce = found.get(TAG.INTEGER);
  const tsa = found.get(TSA_NAME);
  return {
    accuracyMs: accuracy && readAccuracy(buf, accuracy),
    nonce: nonce && copyOf(buf, nonce.valueStart, nonce.end),
    tsa: tsa && copyOf(buf, tsa.valueStart, tsa.end),
  };
}

/**
 * TSTInfo ::= TAG.SEQUENCE { version, policy, messageImprint, serialNumber, genTime, accuracy OPTIONAL,
 * ordering DEFAULT FALSE, nonce OPTIONAL, tsa [0] OPTIONAL, extensions [1] OPTIONAL } (RFC 3161 §2.4.2),
 * the eContent of a TimeStampToken. Throws DerError on anything malformed.
 */
export function readTstInfo(der: Buffer): TstInfoFacts {
  const outer = expectTag(readTlv(der, 0), TAG.SEQUENCE, 'TSTInfo');
  if (outer.end !== der.length) throw new DerError('bytes after TSTInfo', outer.end);
  if (walkDer(der, outer, MAX_DEPTH, MAX_ELEMENTS) !== 'ok') throw new DerError('TSTInfo too complex', 0);
  const fields = readChildrenAtMost(der, outer, MAX_FIELDS);
  const [version, policy, imprint, serial, genTime, ...optional] = fields;
  const serialTlv = expectTag(serial, TAG.INTEGER, 'serialNumber');
  return {
    version: readSmallInteger(der, version, 'TSTInfo version'),
    policy: readObjectIdentifier(der, expectTag(policy, TAG.OID, 'policy')),
    imprint: readImprint(der, imprint),
    serialNumber: copyOf(der, serialTlv.valueStart, serialTlv.end),
    genTime: readGenTime(der, genTime),
    ...readOptional(der, optional),
  };
}
