import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectIdentifier, octetString, sequence, setOf, tlv } from '../../../src/core/cms/der.js';
import { OID } from '../../../src/core/cms/oids.js';
import { readCmsFacts } from '../../../src/core/verify/cms-facts.js';
import { signedAttributesSet } from '../../../src/core/verify/cms-facts-model.js';
import {
  assembleCms,
  attribute,
  implicitAttributes,
  readCmsParts,
  signCms,
  standardAttributes,
  type CmsParts,
} from '../../helpers/cms-forge.js';
import { issue, makePki, newKey, type TestPki } from '../../helpers/verify-pki.js';

const CONTENT = Buffer.from('the signed byte ranges');
let pki: TestPki;
let cms: Buffer;
let parts: CmsParts;

beforeAll(async () => {
  pki = makePki();
  cms = await signCms(pki.signer, [pki.intermediate.cert, pki.root.cert], CONTENT);
  parts = readCmsParts(cms);
});

function failedCode(contents: Buffer): string | undefined {
  const result = readCmsFacts(contents);
  expect(result.facts).toBeUndefined();
  expect(result.check?.id).toBe('structure');
  expect(result.check?.status).toBe('failed');
  return result.check?.code;
}

function withAttributes(list: Buffer[], sorted = true): Buffer {
  return assembleCms({ ...parts, signedAttrs: implicitAttributes(list, sorted) });
}

function nested(depth: number): Buffer {
  let inner: Buffer = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) inner = tlv(0x30, inner);
  return inner;
}

describe('readCmsFacts on a legitimate signature', () => {
  it('reads the SignedData, the signer info and the PAdES attributes', () => {
    const { facts, check } = readCmsFacts(cms);
    expect(check).toBeUndefined();
    expect(facts!.certificates).toEqual([pki.signer.cert, pki.intermediate.cert, pki.root.cert]);
    const info = facts!.signerInfo;
    expect(info.sid.kind).toBe('issuerAndSerialNumber');
    expect(info.digestAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.1');
    expect(info.signatureAlgorithm.oid).toBe(OID.rsaEncryption);
    const attributes = info.signedAttributes!;
    expect(attributes.contentType).toBe(OID.data);
    expect(attributes.messageDigest).toEqual(createHash('sha256').update(CONTENT).digest());
    expect(attributes.signingCertificateV2?.[0]?.certHash).toEqual(createHash('sha256').update(pki.signer.cert).digest());
    expect(attributes.signingCertificate).toBeUndefined();
    expect(attributes.hasSigningTime).toBe(false);
    expect(attributes.encoded[0]).toBe(0xa0);
    expect(signedAttributesSet(attributes)[0]).toBe(0x31);
    expect(info.timeStampToken).toBeUndefined();
  });

  it('accepts zero padding after the DER, as /Contents carries it', () => {
    expect(readCmsFacts(Buffer.concat([cms, Buffer.alloc(4096)])).facts).toBeDefined();
  });

  it('keeps the signature time-stamp token from the unsigned attributes', () => {
    const token = sequence(objectIdentifier('1.2.840.113549.1.7.2'), tlv(0xa0, sequence()));
    const unsignedAttrs = tlv(0xa1, attribute(OID.signatureTimeStampToken, token));
    const { facts } = readCmsFacts(assembleCms({ ...parts, unsignedAttrs }));
    expect(facts!.signerInfo.timeStampToken).toEqual(token);
  });

  it('reads a subjectKeyIdentifier sid', () => {
    const { facts } = readCmsFacts(assembleCms({ ...parts, sid: tlv(0x80, Buffer.alloc(20, 7)) }));
    expect(facts!.signerInfo.sid).toEqual({ kind: 'subjectKeyIdentifier', keyIdentifier: Buffer.alloc(20, 7) });
  });
});

describe('readCmsFacts refuses malformed or ambiguous structures', () => {
  it('trailing non-zero bytes after the DER', () => {
    expect(failedCode(Buffer.concat([cms, Buffer.of(0, 0, 1)]))).toBe('contents_trailing_bytes');
    expect(failedCode(Buffer.concat([cms, Buffer.from('%%EOF')]))).toBe('contents_trailing_bytes');
  });

  it('10,000-deep nesting, alone or inside an unsigned attribute, quickly and without a stack overflow', () => {
    const deep = nested(10_000);
    const inside = assembleCms({ ...parts, unsignedAttrs: tlv(0xa1, attribute('1.2.3.4', deep)) });
    const started = performance.now();
    expect(failedCode(deep)).toBe('cms_too_complex');
    expect(failedCode(inside)).toBe('cms_too_complex');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('more than one SignerInfo', () => {
    const second = sequence(tlv(0x02, Buffer.of(1)));
    expect(failedCode(assembleCms({ ...parts, extraSignerInfos: [second] }))).toBe('multiple_signer_infos');
  });

  it('a duplicated attribute type, even with the SET in DER order', () => {
    const digest = createHash('sha256').update(CONTENT).digest();
    const list = standardAttributes({ digest, signerCert: pki.signer.cert });
    const second = attribute(OID.messageDigest, octetString(Buffer.alloc(32, 1)));
    expect(failedCode(withAttributes([...list, second]))).toBe('duplicate_attribute');
  });

  it('an attribute with two values', () => {
    const digest = createHash('sha256').update(CONTENT).digest();
    const [, ...rest] = standardAttributes({ digest, signerCert: pki.signer.cert });
    const twoValues = attribute(OID.messageDigest, octetString(digest), octetString(Buffer.alloc(32, 1)));
    expect(failedCode(withAttributes([twoValues, ...rest]))).toBe('attribute_multiple_values');
  });

  it('signed attributes that are not in DER SET OF order', () => {
    const digest = createHash('sha256').update(CONTENT).digest();
    const sorted = [...standardAttributes({ digest, signerCert: pki.signer.cert })].sort(Buffer.compare);
    expect(readCmsFacts(withAttributes(sorted, false)).facts).toBeDefined();
    expect(failedCode(withAttributes([...sorted].reverse(), false))).toBe('signed_attributes_not_der');
  });

  it('a non-minimal length anywhere, even where nothing reads it', () => {
    const unsignedAttrs = tlv(0xa1, attribute('1.2.3.4', Buffer.of(0x04, 0x81, 0x03, 1, 2, 3)));
    expect(failedCode(assembleCms({ ...parts, unsignedAttrs }))).toBe('cms_malformed');
  });

  it('an encapsulated content (not detached) or a content type other than id-data', () => {
    const withContent = sequence(objectIdentifier(OID.data), tlv(0xa0, octetString(CONTENT)));
    expect(failedCode(assembleCms({ ...parts, encapContentInfo: withContent }))).toBe('encapsulated_content_present');
    const other = sequence(objectIdentifier('1.2.840.113549.1.9.16.1.4'));
    expect(failedCode(assembleCms({ ...parts, encapContentInfo: other }))).toBe('encapsulated_content_not_data');
  });

  it('a ContentInfo that is not signed data, and no SignerInfo', () => {
    expect(failedCode(sequence(objectIdentifier(OID.data), tlv(0xa0, octetString(CONTENT))))).toBe('cms_not_signed_data');
    const signedData = sequence(tlv(0x02, Buffer.of(1)), setOf([]), parts.encapContentInfo, tlv(0x31));
    expect(failedCode(sequence(objectIdentifier(OID.signedData), tlv(0xa0, signedData)))).toBe('signer_info_missing');
  });

  it('more than 50 certificates', () => {
    const cert = issue({ cn: 'Filler', key: newKey('p256') }).cert;
    expect(failedCode(assembleCms({ ...parts, certificates: Array.from({ length: 51 }, () => cert) }))).toBe('too_many_certificates');
  });

  it('empty, zero, garbage and every truncation of a real signature, never throwing', () => {
    expect(failedCode(Buffer.alloc(0))).toBe('cms_malformed');
    expect(failedCode(Buffer.alloc(8192))).toBe('cms_malformed');
    expect(failedCode(Buffer.from('not der at all'))).toBe('cms_malformed');
    for (let length = 0; length < cms.length; length += 7) {
      expect(readCmsFacts(cms.subarray(0, length)).check?.status).toBe('failed');
    }
  });

  it('random byte flips never throw', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const mutated = Buffer.from(cms);
      mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const result = readCmsFacts(mutated);
      expect(result.facts !== undefined || result.check?.status === 'failed').toBe(true);
    }
  });
});
