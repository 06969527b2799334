import { makeCa, makeSigner, YEAR, type AttackSigner, type Validity } from './attack-ca.js';
import { makePathPki, type PathPki } from './path-pki.js';

/**
 * A PKI of the attack suite's own, built with our certificate builder: a trusted root (given to the
 * verifier as an anchor) and an untrusted one (never given). The signers' private keys stay in hand so
 * the CMS forgeries can sign exactly the bytes a forgery needs.
 */
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
  /** Same-name CAs, rolled-over keys and a cross-certificate, for path building. */
  readonly paths: PathPki;
};

/** `now` is the signing time the tests claim (TEST_NOW). */
export function makeAttackPki(now: Date): AttackPki {
  const t = now.getTime();
  const roots: Validity = { from: new Date(t - YEAR), to: new Date(t + 10 * YEAR) };
  const current: Validity = { from: new Date(t - YEAR), to: new Date(t + 2 * YEAR) };
  const trusted = makeCa('Attack Suite Trusted Root', roots);
  const untrustedRoot = makeCa('Attack Suite Untrusted Root', roots);
  return {
    trustedRoot: trusted.certificate,
    rsa: makeSigner('Attack Suite Signer', trusted, current),
    expired: makeSigner('Attack Suite Expired Signer', trusted, { from: new Date(t - 3 * YEAR), to: new Date(t - YEAR) }),
    untrusted: makeSigner('Attack Suite Untrusted Signer', untrustedRoot, current),
    otherCertificate: makeSigner('Attack Suite Bystander', trusted, current).certificate,
    paths: makePathPki(trusted, roots, current),
  };
}
