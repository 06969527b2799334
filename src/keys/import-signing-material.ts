import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { DocsealError } from '../core/errors.js';
import { readPkcs12 } from '../core/pki/pkcs12.js';
import { orderCertificates, type SigningMaterial } from './signing-material.js';

const invalid = (message: string) => new DocsealError('invalid_request', message);

/** Certificates of a PEM bundle, in file order. */
export function parsePemCertificates(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw invalid(`${what} holds no PEM certificate`);
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch {
    throw invalid(`${what} holds a certificate that cannot be parsed`);
  }
}

/** The key and certificates of a PKCS#12 file, sorted into signer and issuers, plus any extra issuers given. */
export function signingMaterialFromPkcs12(der: Buffer, password: string, extraIssuers: readonly X509Certificate[] = []): SigningMaterial {
  const contents = readPkcs12(der, password);
  const key = createPrivateKey({ key: contents.privateKeyInfo, format: 'der', type: 'pkcs8' });
  const certificates = contents.certificates.map((raw) => new X509Certificate(raw));
  return orderCertificates(key, [...certificates, ...extraIssuers]);
}

/** A PEM private key, encrypted (PKCS#8, or OpenSSL's legacy Proc-Type) or not. OpenSSL's messages omit the passphrase. */
function readPemKey(pem: string, passphrase: string | undefined): KeyObject {
  if (passphrase === undefined && pem.includes('ENCRYPTED')) {
    throw invalid('the key is encrypted: give its passphrase with --key-passphrase-file');
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_OSSL_BAD_DECRYPT') throw invalid('cannot decrypt the key: wrong passphrase');
    throw invalid('the key file is not a PEM private key');
  }
}

/** A PEM key and a PEM chain listing the key's certificate first, then each issuer. */
export function signingMaterialFromPem(keyPem: string, passphrase: string | undefined, chainPem: string): SigningMaterial {
  const key = readPemKey(keyPem, passphrase);
  const [certificate, ...chain] = parsePemCertificates(chainPem, 'the chain file');
  return { key, certificate: certificate!, chain };
}
