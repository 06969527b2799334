import type { KeyObject, X509Certificate } from 'node:crypto';
import { DocsealError } from '../core/errors.js';

/** A department's private key with its certificate and the issuers above it, nearest first. */
export type SigningMaterial = {
  readonly key: KeyObject;
  readonly certificate: X509Certificate;
  readonly chain: readonly X509Certificate[];
};

const issuedBy = (subject: X509Certificate, issuer: X509Certificate): boolean =>
  subject.checkIssued(issuer) && subject.verify(issuer.publicKey);

const invalid = (message: string) => new DocsealError('invalid_request', message);

/**
 * Sorts an unordered bag of certificates (as a PKCS#12 file holds them) into the certificate that
 * matches `key` and its issuers, each issuing the one before; certificates off that path are dropped.
 */
export function orderCertificates(key: KeyObject, certificates: readonly X509Certificate[]): SigningMaterial {
  const certificate = certificates.find((c) => c.checkPrivateKey(key));
  if (!certificate) throw invalid('no certificate in the file matches its private key');
  const remaining = certificates.filter((c) => c !== certificate);
  const chain: X509Certificate[] = [];
  for (let current = certificate; !issuedBy(current, current); ) {
    const next = remaining.find((c) => issuedBy(current, c));
    if (!next) break;
    chain.push(next);
    remaining.splice(remaining.indexOf(next), 1);
    current = next;
  }
  return { key, certificate, chain };
}

/**
 * Refuses material the service could not sign with or that verifiers would reject: a key of another
 * type than RSA or EC, a key that is not the certificate's, a chain whose links do not verify
 * (each certificate signed by the next, RFC 5280 §6.1), or a certificate outside its validity at `now`.
 */
export function checkSigningMaterial(material: SigningMaterial, now: Date): void {
  const { key, certificate, chain } = material;
  if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'ec') {
    throw invalid(`the key is ${String(key.asymmetricKeyType)}; docseal signs with RSA or ECDSA keys`);
  }
  if (!certificate.checkPrivateKey(key)) throw invalid('the private key does not match the certificate');
  // department.json names a chain file whose first certificate issued the signer's: it cannot be empty.
  if (chain.length === 0) {
    throw invalid(`no issuer certificate given for "${certificate.subject.split('\n').join(', ')}": include its CA certificates`);
  }
  [certificate, ...chain].slice(0, -1).forEach((subject, i) => {
    if (!issuedBy(subject, chain[i]!)) {
      throw invalid(`chain certificate ${i + 1} did not issue the certificate before it: list the signer first, then each issuer`);
    }
  });
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw invalid(`the certificate is valid only from ${certificate.validFrom} to ${certificate.validTo}`);
  }
}
