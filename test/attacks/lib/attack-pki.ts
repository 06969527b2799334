import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { buildCertificate, keyIdentifier } from '../../../src/core/pki/certificate-builder.js';
import type { CertificateExtensions } from '../../../src/core/pki/x509-extensions.js';
import type { DistinguishedName } from '../../../src/core/pki/x509-name.js';
import type { SigningIdentity } from '../../../src/core/sign/key-signer.js';
import { NodeCryptoSigner } from '../../../src/keys/node-crypto-signer.js';

/**
 * A PKI of the attack suite's own, built with our certificate builder: a trusted root (given to the
 * verifier as an anchor) and an untrusted one (never given). The signers' private keys stay in hand so
 * the CMS forgeries can sign exactly the bytes a forgery needs.
 */
export type AttackSigner = { readonly identity: SigningIdentity; readonly key: KeyObject; readonly certificate: Buffer };

export type AttackPki = {
  /** DER of the root the tests trust. */
  readonly trustedRoot: Buffer;
  /** Valid RSA-2048 signer under the trusted root. */
  readonly rsa: AttackSigner;
  /** Signer under the trusted root whose certificate expired a year before the signing time. */
  readonly expired: AttackSigner;
  /** Signer under a root the verifier is not given. */
  readonly untrusted: AttackSigner;
  /** A CA certificate under the trusted root, to name in a forged `sid`. */
  readonly otherCertificate: Buffer;
};

type Ca = { readonly name: DistinguishedName; readonly key: KeyObject; readonly spki: Buffer; readonly certificate: Buffer };

const YEAR = 365 * 86_400_000;
const dn = (cn: string): DistinguishedName => [{ type: 'O', value: 'Attack Suite PKI' }, { type: 'CN', value: cn }];

function certify(subject: DistinguishedName, publicKey: KeyObject, issuer: Ca | undefined, issuerKey: KeyObject, from: Date, to: Date, extensions: CertificateExtensions): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return buildCertificate({
    subject,
    issuer: issuer?.name ?? subject,
    subjectPublicKey: spki,
    serialNumber: Buffer.from(randomBytes(12).map((b, i) => (i === 0 ? (b & 0x7f) | 1 : b))),
    notBefore: from,
    notAfter: to,
    extensions: { ...extensions, subjectKeyIdentifier: true, authorityKeyIdentifier: issuer && keyIdentifier(issuer.spki) },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    sign: (tbs) => sign('sha256', tbs, issuerKey),
  });
}

function makeRoot(cn: string, now: Date): Ca {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = dn(cn);
  const certificate = certify(name, publicKey, undefined, privateKey, new Date(now.getTime() - YEAR), new Date(now.getTime() + 10 * YEAR), {
    basicConstraints: { ca: true },
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
  return { name, key: privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }), certificate };
}

function makeSigner(cn: string, ca: Ca, from: Date, to: Date): AttackSigner {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = certify(dn(cn), publicKey, ca, ca.key, from, to, {
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  return { identity: { certificate, chain: [ca.certificate], signer: new NodeCryptoSigner(privateKey) }, key: privateKey, certificate };
}

/** `now` is the signing time the tests claim (TEST_NOW). */
export function makeAttackPki(now: Date): AttackPki {
  const trusted = makeRoot('Attack Suite Trusted Root', now);
  const untrustedRoot = makeRoot('Attack Suite Untrusted Root', now);
  const t = now.getTime();
  return {
    trustedRoot: trusted.certificate,
    rsa: makeSigner('Attack Suite Signer', trusted, new Date(t - YEAR), new Date(t + 2 * YEAR)),
    expired: makeSigner('Attack Suite Expired Signer', trusted, new Date(t - 3 * YEAR), new Date(t - YEAR)),
    untrusted: makeSigner('Attack Suite Untrusted Signer', untrustedRoot, new Date(t - YEAR), new Date(t + 2 * YEAR)),
    otherCertificate: makeSigner('Attack Suite Bystander', trusted, new Date(t - YEAR), new Date(t + 2 * YEAR)).certificate,
  };
}
