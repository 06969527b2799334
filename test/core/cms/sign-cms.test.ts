import { createHash, createPrivateKey, randomBytes, sign, verify, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DerError } from '../../../src/core/cms/der.js';
import { createCmsSignature } from '../../../src/core/cms/sign-cms.js';
import { buildSignedAttributes } from '../../../src/core/cms/signed-attributes.js';
import type { DigestAlgorithm, KeySigner, KeyType, SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { makeTempDir, removeDir, runCapture, runOrThrow } from '../../helpers/tool-run.js';

const { asn1 } = forge;
type Node = forge.asn1.Asn1;

type TestPki = { identity: SigningIdentity; rootPath: string; signerPem: string };

const CA_EXT = `[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
`;

/** Root -> issuing CA -> signer, made by the openssl CLI so no docseal code shapes the certificates. */
function makePki(dir: string, keyType: KeyType): TestPki {
  const p = (f: string): string => join(dir, `${keyType}-${f}`);
  const newkey = keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  writeFileSync(p('ext.cnf'), CA_EXT);
  runOrThrow('openssl', ['req', '-x509', ...newkey, '-nodes', '-sha256', '-days', '30', '-keyout', p('root.key'),
    '-out', p('root.pem'), '-subj', '/C=CN/O=CMS Test/CN=CMS Test Root', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const issue = (name: string, subject: string, ca: string, ext: string): void => {
    runOrThrow('openssl', ['req', ...newkey, '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', subject]);
    runOrThrow('openssl', ['x509', '-req', '-sha256', '-days', '30', '-in', p(`${name}.csr`), '-CA', p(`${ca}.pem`),
      '-CAkey', p(`${ca}.key`), '-set_serial', `0x${randomBytes(9).toString('hex')}`, '-extfile', p('ext.cnf'),
      '-extensions', ext, '-out', p(`${name}.pem`)]);
  };
  issue('issuing', '/C=CN/O=CMS Test/CN=CMS Test Issuing CA', 'root', 'ca');
  issue('signer', '/C=CN/O=CMS Test/OU=\u6d4b\u8bd5/CN=Signer', 'issuing', 'leaf');
  const der = (name: string): Buffer => Buffer.from(new X509Certificate(readFileSync(p(`${name}.pem`))).raw);
  const key = createPrivateKey(readFileSync(p('signer.key')));
  const signer: KeySigner = {
    keyType,
    ...(keyType === 'ec' ? { curve: 'prime256v1' } : {}),
    sign: async (data: Buffer, digest: DigestAlgorithm) => sign(digest, data, key),
  };
  return {
    identity: { certificate: der('signer'), chain: [der('issuing'), der('root')], signer },
    rootPath: p('root.pem'),
    signerPem: readFileSync(p('signer.pem'), 'utf8'),
  };
}

function parse(der: Buffer): Node {
  return asn1.fromDer(der.toString('binary'), true);
}
function bytesOf(node: Node | undefined): Buffer {
  if (!node) throw new Error('missing node');
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}
function kids(node: Node | undefined): Node[] {
  if (!node || !Array.isArray(node.value)) throw new Error('expected a constructed node');
  return node.value;
}
function oidOf(node: Node | undefined): string {
  return asn1.derToOid(node?.value as string);
}
function valueBytes(node: Node | undefined): Buffer {
  return Buffer.from(node?.value as string, 'binary');
}

/** The parts of ContentInfo/SignedData/SignerInfo the assertions need (RFC 5652 §5). */
function dissect(cms: Buffer) {
  const [contentType, content] = kids(parse(cms));
  const [version, digestAlgorithms, encap, certificates, signerInfos] = kids(kids(content)[0]);
  const [siVersion, sid, siDigest, signedAttrs, sigAlg, signature] = kids(kids(signerInfos)[0]);
  return { contentType, version, digestAlgorithms, encap, certificates, siVersion, sid, siDigest, signedAttrs, sigAlg, signature };
}

function attributesByType(signedAttrsSet: Buffer): Map<string, Node> {
  return new Map(kids(parse(signedAttrsSet)).map((a) => [oidOf(kids(a)[0]), kids(kids(a)[1])[0] as Node]));
}

const dir = makeTempDir('docseal-cms-');
const data = randomBytes(4096);
const dataPath = join(dir, 'data.bin');
const otherPath = join(dir, 'other.bin');
const pkis = new Map<KeyType, TestPki>();

beforeAll(() => {
  writeFileSync(dataPath, data);
  const other = Buffer.from(data);
  other[100] = (other[100] as number) ^ 1;
  writeFileSync(otherPath, other);
  pkis.set('rsa', makePki(dir, 'rsa'));
  pkis.set('ec', makePki(dir, 'ec'));
});
afterAll(() => removeDir(dir));

function pki(keyType: KeyType): TestPki {
  const found = pkis.get(keyType);
  if (!found) throw new Error(`no PKI for ${keyType}`);
  return found;
}

function opensslVerify(cms: Buffer, contentPath: string, rootPath: string) {
  const sigPath = join(dir, 'sig.der');
  writeFileSync(sigPath, cms);
  return runCapture('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigPath, '-content', contentPath,
    '-CAfile', rootPath, '-purpose', 'any', '-out', '/dev/null']);
}

const CASES: ReadonlyArray<[KeyType, DigestAlgorithm, string]> = [
  ['rsa', 'sha256', '1.2.840.113549.1.1.1'],
  ['ec', 'sha256', '1.2.840.10045.4.3.2'],
  ['ec', 'sha384', '1.2.840.10045.4.3.3'],
];

describe.each(CASES)('createCmsSignature (%s, %s)', (keyType, digestAlgorithm, signatureOid) => {
  let cms: Buffer;
  const contentDigest = createHash(digestAlgorithm).update(data).digest();

  beforeAll(async () => {
    cms = await createCmsSignature({ contentDigest, digestAlgorithm, identity: pki(keyType).identity });
  });

  it('verifies with openssl cms against the content, and fails against other content', () => {
    const good = opensslVerify(cms, dataPath, pki(keyType).rootPath);
    expect(good.stderr).toContain('Verification successful');
    expect(good.exitCode).toBe(0);
    const bad = opensslVerify(cms, otherPath, pki(keyType).rootPath);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('CMS_SignerInfo_verify_content:verification failure');
  });

  it('is a detached version 1 SignedData carrying the signer and its chain', () => {
    const { identity } = pki(keyType);
    const parts = dissect(cms);
    expect(oidOf(parts.contentType)).toBe('1.2.840.113549.1.7.2');
    expect(valueBytes(parts.version)).toEqual(Buffer.of(1));
    expect(kids(parts.digestAlgorithms).map((a) => kids(a).length)).toEqual([1]);
    expect(kids(parts.encap).map(oidOf)).toEqual(['1.2.840.113549.1.7.1']);
    expect(kids(parts.certificates).map(bytesOf)).toEqual([identity.certificate, ...identity.chain]);
    expect(valueBytes(parts.siVersion)).toEqual(Buffer.of(1));
    expect(oidOf(kids(parts.siDigest)[0])).toBe(oidOf(kids(kids(parts.digestAlgorithms)[0])[0]));
  });

  it('names the signer by the certificate issuer and serial, and the expected signature algorithm', () => {
    const parts = dissect(cms);
    const tbs = kids(kids(parse(pki(keyType).identity.certificate))[0]);
    const [issuer, serial] = kids(parts.sid);
    expect(bytesOf(issuer)).toEqual(bytesOf(tbs[3]));
    expect(bytesOf(serial)).toEqual(bytesOf(tbs[1]));
    const [algorithm, params] = kids(parts.sigAlg);
    expect(oidOf(algorithm)).toBe(signatureOid);
    if (keyType === 'rsa') expect(params?.type).toBe(asn1.Type.NULL);
    else expect(params).toBeUndefined();
  });

  it('signs exactly content-type, message-digest and signing-certificate-v2 as a DER SET', () => {
    const { identity } = pki(keyType);
    const parts = dissect(cms);
    const implicit = bytesOf(parts.signedAttrs);
    expect(implicit[0]).toBe(0xa0);
    const set = Buffer.concat([Buffer.of(0x31), implicit.subarray(1)]);
    expect(set).toEqual(buildSignedAttributes({ contentDigest, digestAlgorithm, signerCertificate: identity.certificate }));

    const encodings = kids(parse(set)).map(bytesOf);
    expect(encodings).toEqual([...encodings].sort(Buffer.compare));
    const attributes = attributesByType(set);
    expect([...attributes.keys()].sort()).toEqual(
      ['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'].sort(),
   );
    expect(oidOf(attributes.get('1.2.840.113549.1.9.3'))).toBe('1.2.840.113549.1.7.1');
    expect(valueBytes(attributes.get('1.2.840.113549.1.9.4'))).toEqual(contentDigest);

    const publicKey = new X509Certificate(pki(keyType).signerPem).publicKey;
    expect(verify(digestAlgorithm, set, publicKey, valueBytes(parts.signature))).toBe(true);
    expect(verify(digestAlgorithm, implicit, publicKey, valueBytes(parts.signature))).toBe(false);
  });

  it('binds the signer certificate by its hash and issuer/serial (RFC 5035)', () => {
    const { identity } = pki(keyType);
    const set = Buffer.concat([Buffer.of(0x31), bytesOf(dissect(cms).signedAttrs).subarray(1)]);
    const essCertId = kids(kids(kids(attributesByType(set).get('1.2.840.113549.1.9.16.2.47'))[0])[0]);
    const [hashAlgorithm, certHash, issuerSerial] = digestAlgorithm === 'sha256' ? [undefined, ...essCertId] : essCertId;
    if (digestAlgorithm === 'sha256') expect(essCertId[0]?.type).toBe(asn1.Type.OCTETSTRING);
    else expect(oidOf(kids(hashAlgorithm)[0])).toBe('2.16.840.1.101.3.4.2.2');
    expect(valueBytes(certHash)).toEqual(createHash(digestAlgorithm).update(identity.certificate).digest());
    const [generalNames, serial] = kids(issuerSerial);
    const directoryName = kids(generalNames)[0] as Node;
    expect(directoryName.tagClass).toBe(asn1.Class.CONTEXT_SPECIFIC);
    expect(directoryName.type).toBe(4);
    const tbs = kids(kids(parse(identity.certificate))[0]);
    expect(bytesOf(kids(directoryName)[0])).toEqual(bytesOf(tbs[3]));
    expect(bytesOf(serial)).toEqual(bytesOf(tbs[1]));
  });
});

describe('createCmsSignature read by node-forge pkcs7', () => {
  it('parses as a PKCS#7 signed message with three certificates', async () => {
    const { identity } = pki('rsa');
    const contentDigest = createHash('sha256').update(data).digest();
    const cms = await createCmsSignature({ contentDigest, digestAlgorithm: 'sha256', identity });
    const message = forge.pkcs7.messageFromAsn1(parse(cms)) as forge.pkcs7.PkcsSignedData;
    expect(message.certificates.map((c) => c.subject.getField('CN')?.value)).toEqual([
      'Signer', 'CMS Test Issuing CA', 'CMS Test Root',
    ]);
  });
});

describe('buildSignedAttributes', () => {
  it('rejects a digest whose length does not match the algorithm', () => {
    const signerCertificate = pki('rsa').identity.certificate;
    expect(() =>
      buildSignedAttributes({ contentDigest: Buffer.alloc(32), digestAlgorithm: 'sha512', signerCertificate }),
   ).toThrow(/does not match/);
  });

  it('rejects a signer certificate that is not a DER certificate', () => {
    const contentDigest = Buffer.alloc(32);
    const signerCertificate = Buffer.concat([pki('rsa').identity.certificate, Buffer.of(0)]);
    expect(() => buildSignedAttributes({ contentDigest, digestAlgorithm: 'sha256', signerCertificate })).toThrow(DerError);
    expect(() =>
      buildSignedAttributes({ contentDigest, digestAlgorithm: 'sha256', signerCertificate: Buffer.from('3003020101', 'hex') }),
   ).toThrow(DerError);
  });
});
