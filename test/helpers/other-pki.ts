import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOrThrow } from './tool-run.js';

/**
 * A second test PKI, independent of docseal's own (certs/): made by the openssl CLI so that no
 * docseal or node-forge code is involved in the "someone else signed this" fixture.
 */
export type OtherPki = {
  rootPem: string;
  signerCertPem: string;
  rootCertPath: string;
  signerCertPath: string;
  signerKeyPath: string;
};

/** RFC 5280 §4.2.1.3/§4.2.1.9: CA with keyCertSign; signer with digitalSignature + nonRepudiation. */
const EXTENSIONS = `[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`;

export function makeOtherPki(dir: string): OtherPki {
  const p = (f: string): string => join(dir, f);
  runOrThrow('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
    '-keyout', p('other-root.key'), '-out', p('other-root.pem'),
    '-subj', '/CN=Other Test Root CA/O=Other PKI',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  runOrThrow('openssl', [
    'req', '-newkey', 'rsa:2048', '-nodes', '-sha256',
    '-keyout', p('other-signer.key'), '-out', p('other-signer.csr'),
    '-subj', '/CN=Other Signer/O=Other PKI',
  ]);
  writeFileSync(p('other-ext.cnf'), EXTENSIONS);
  runOrThrow('openssl', [
    'x509', '-req', '-sha256', '-days', '3650', '-in', p('other-signer.csr'),
    '-CA', p('other-root.pem'), '-CAkey', p('other-root.key'), '-CAcreateserial',
    '-extfile', p('other-ext.cnf'), '-extensions', 'leaf', '-out', p('other-signer.pem'),
  ]);
  return {
    rootPem: readFileSync(p('other-root.pem'), 'utf8'),
    signerCertPem: readFileSync(p('other-signer.pem'), 'utf8'),
    rootCertPath: p('other-root.pem'),
    signerCertPath: p('other-signer.pem'),
    signerKeyPath: p('other-signer.key'),
  };
}

/** A key and its certificate as files, for pyHanko. */
export type PkiEntity = { keyPath: string; certPath: string; certPem: string };

/**
 * The independent signers' PKI: a trusted root → intermediate → RSA-2048 signer, an ECDSA P-256
 * signer and an RFC 3161 TSA under the same intermediate, and a second root (never passed as an
 * anchor) with its own signer.
 */
export type IndependentPki = {
  root: PkiEntity;
  intermediate: PkiEntity;
  rsaSigner: PkiEntity;
  ecSigner: PkiEntity;
  tsa: PkiEntity;
  untrustedRoot: PkiEntity;
  untrustedSigner: PkiEntity;
};

/** RFC 5280 §4.2.1.9: the intermediate may sign end-entity certificates only; RFC 3161 §2.3: the TSA's sole EKU. */
const PROFILES = `${EXTENSIONS}
[ca]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid

[tsa]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
`;

type KeySpec = 'rsa' | 'ec';

function newKeyArgs(spec: KeySpec): string[] {
  return spec === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

function entity(dir: string, name: string): PkiEntity {
  const certPath = join(dir, `${name}.pem`);
  return { keyPath: join(dir, `${name}.key`), certPath, certPem: readFileSync(certPath, 'utf8') };
}

function selfSignedRoot(dir: string, name: string, cn: string): PkiEntity {
  runOrThrow('openssl', [
    'req', '-x509', ...newKeyArgs('rsa'), '-nodes', '-sha256', '-days', '3650',
    '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-subj', `/CN=${cn}/O=Independent PKI`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]);
  return entity(dir, name);
}

function issued(dir: string, issuer: PkiEntity, name: string, cn: string, key: KeySpec, profile: string): PkiEntity {
  const csr = join(dir, `${name}.csr`);
  runOrThrow('openssl', [
    'req', ...newKeyArgs(key), '-nodes', '-sha256', '-keyout', join(dir, `${name}.key`), '-out', csr,
    '-subj', `/CN=${cn}/O=Independent PKI`,
  ]);
  runOrThrow('openssl', [
    'x509', '-req', '-sha256', '-days', '3650', '-in', csr, '-CA', issuer.certPath, '-CAkey', issuer.keyPath,
    '-set_serial', `0x${Buffer.from(name).toString('hex')}`, '-extfile', join(dir, 'profiles.cnf'),
    '-extensions', profile, '-out', join(dir, `${name}.pem`),
  ]);
  return entity(dir, name);
}

export function makeIndependentPki(dir: string): IndependentPki {
  writeFileSync(join(dir, 'profiles.cnf'), PROFILES);
  const root = selfSignedRoot(dir, 'ind-root', 'Independent Test Root CA');
  const intermediate = issued(dir, root, 'ind-intermediate', 'Independent Issuing CA', 'rsa', 'ca');
  const untrustedRoot = selfSignedRoot(dir, 'ind-untrusted-root', 'Unknown Root CA');
  return {
    root,
    intermediate,
    rsaSigner: issued(dir, intermediate, 'ind-rsa-signer', 'Independent RSA Signer', 'rsa', 'leaf'),
    ecSigner: issued(dir, intermediate, 'ind-ec-signer', 'Independent ECDSA Signer', 'ec', 'leaf'),
    tsa: issued(dir, intermediate, 'ind-tsa', 'Independent Test TSA', 'rsa', 'tsa'),
    untrustedRoot,
    untrustedSigner: issued(dir, untrustedRoot, 'ind-untrusted-signer', 'Signer Under Unknown Root', 'rsa', 'leaf'),
  };
}
