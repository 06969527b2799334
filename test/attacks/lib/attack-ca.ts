import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { buildCertificate, keyIdentifier } from '../../../src/core/pki/certificate-builder.js';
import type { CertificateExtensions } from '../../../src/core/pki/x509-extensions.js';
import type { DistinguishedName } from '../../../src/core/pki/x509-name.js';
import type { SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { NodeCryptoSigner } from '../../../src/keys/node-crypto-signer.js';

/** Certificates for the attack suite, built with our certificate builder (RSA-2048, SHA-256). */
export type AttackSigner = { readonly identity: SigningIdentity; readonly key: KeyObject; readonly certificate: Buffer };

export type Ca = {
  readonly name: DistinguishedName;
  readonly key: KeyObject;
  readonly publicKey: KeyObject;
  readonly certificate: Buffer;
};

/** Whether a certificate carries SKI and AKI: path building must work without them (RFC 5280 §4.2.1.2). */
export type KeyIds = 'key-ids' | 'no-key-ids';

export type Validity = { readonly from: Date; readonly to: Date };

export const YEAR = 365 * 86_400_000;
export const dn = (cn: string): DistinguishedName => [{ type: 'O', value: 'Attack Suite PKI' }, { type: 'CN', value: cn }];

const CA_EXTENSIONS: CertificateExtensions = { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] };
const SIGNER_EXTENSIONS: CertificateExtensions = { basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'nonRepudiation'] };

type Subject = { readonly name: DistinguishedName; readonly publicKey: KeyObject };

/** `subject`'s certificate signed by `issuer` (self-signed when absent, with `selfKey`). */
export function certify(subject: Subject, issuer: Ca | undefined, selfKey: KeyObject, validity: Validity, extensions: CertificateExtensions, ids: KeyIds): Buffer {
  const issuerSpki = (issuer?.publicKey ?? subject.publicKey).export({ type: 'spki', format: 'der' });
  const keyIds = ids === 'key-ids' ? { subjectKeyIdentifier: true as const, authorityKeyIdentifier: keyIdentifier(issuerSpki) } : {};
  return buildCertificate({
    subject: subject.name,
    issuer: issuer?.name ?? subject.name,
    subjectPublicKey: subject.publicKey.export({ type: 'spki', format: 'der' }),
    serialNumber: Buffer.from(randomBytes(12).map((b, i) => (i === 0 ? (b & 0x7f) | 1 : b))),
    notBefore: validity.from,
    notAfter: validity.to,
    extensions: { ...extensions, ...keyIds },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    sign: (tbs) => sign('sha256', tbs, issuer?.key ?? selfKey),
  });
}

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A CA: self-signed when `issuer` is absent; `keyOf` reuses another CA's key pair (a cross-certificate). */
export function makeCa(cn: string, validity: Validity, options: { issuer?: Ca; ids?: KeyIds; keyOf?: Ca } = {}): Ca {
  const { publicKey, privateKey } = options.keyOf ? { publicKey: options.keyOf.publicKey, privateKey: options.keyOf.key } : rsaKey();
  const name = dn(cn);
  const certificate = certify({ name, publicKey }, options.issuer, privateKey, validity, CA_EXTENSIONS, options.ids ?? 'key-ids');
  return { name, key: privateKey, publicKey, certificate };
}

/** A signer under `ca`; `chain` is what the CMS carries (the CA by default). */
export function makeSigner(cn: string, ca: Ca, validity: Validity, options: { chain?: readonly Buffer[]; ids?: KeyIds } = {}): AttackSigner {
  const { publicKey, privateKey } = rsaKey();
  const certificate = certify({ name: dn(cn), publicKey }, ca, privateKey, validity, SIGNER_EXTENSIONS, options.ids ?? 'key-ids');
  const chain = options.chain ?? [ca.certificate];
  return { identity: { certificate, chain, signer: new NodeCryptoSigner(privateKey) }, key: privateKey, certificate };
}
