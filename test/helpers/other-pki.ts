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
