import { ECDSA_HASH_BY_OID, RSA_PKCS1_HASH_BY_OID } from '../cms/oids.js';
import { authorityKeyIdentifier, keyIdentifierOrUndefined, subjectKeyIdentifier } from './certificate-extensions.js';
import type { CertificateFacts } from './certificate-facts.js';
import { isWeakHash } from './signature-scheme.js';

/** Longer chains than this do not occur in practice; a bound keeps hostile sets from exploding. */
const MAX_PATH_LENGTH = 10;
const MAX_SIGNATURE_CHECKS = 100;
const MAX_STEPS = 1_000;

export type PathResult = {
  /** Signer first; the anchor last when one was reached, else the longest path found. */
  readonly path: readonly CertificateFacts[];
  readonly anchor: CertificateFacts | undefined;
  /** A certificate whose named issuer's key (names and key identifiers matching) does not verify it. */
  readonly brokenSignature: CertificateFacts | undefined;
  /** A certificate signed with MD5 or SHA-1, which we refuse to chain through. */
  readonly weakSignature: CertificateFacts | undefined;
};

/** Whether a certificate's signature verifies under an issuer's key depends only on the two: remembered across files. */
const VERIFIED = new Map<string, boolean>();

function weaklySigned(cert: CertificateFacts): boolean {
  const hash = RSA_PKCS1_HASH_BY_OID[cert.signatureAlgorithm] ?? ECDSA_HASH_BY_OID[cert.signatureAlgorithm];
  return hash !== undefined && isWeakHash(hash);
}

/** RFC 5280 §6.1.3 (a)(4) name chaining; AKI/SKI, when both are present, must agree (§4.2.1.1). */
function mayHaveIssued(issuer: CertificateFacts, cert: CertificateFacts): boolean {
  const namesMatch = issuer.subject.equals(cert.issuer) || issuer.x509.subject === cert.x509.issuer;
  if (!namesMatch) return false;
  const aki = keyIdentifierOrUndefined(() => authorityKeyIdentifier(cert));
  const ski = keyIdentifierOrUndefined(() => subjectKeyIdentifier(issuer));
  return !aki || !ski || aki.equals(ski);
}

class PathSearch {
  readonly #pool: readonly CertificateFacts[];
  readonly #anchors: ReadonlySet<string>;
  readonly #verified = new Map<string, boolean>();
  #steps = 0;
  best: CertificateFacts[] = [];
  brokenSignature: CertificateFacts | undefined;
  weakSignature: CertificateFacts | undefined;

  constructor(pool: readonly CertificateFacts[], anchors: ReadonlySet<string>) {
    this.#pool = pool;
    this.#anchors = anchors;
  }

  /** Memoised; undefined once the budget is spent (not evidence of a bad signature). */
  #verifies(cert: CertificateFacts, issuer: CertificateFacts): boolean | undefined {
    const key = `${cert.sha256}:${issuer.sha256}`;
    const known = this.#verified.get(key) ?? VERIFIED.get(key);
    if (known !== undefined) return known;
    if (this.#verified.size >= MAX_SIGNATURE_CHECKS) return undefined;
    let valid: boolean;
    try {
      valid = cert.x509.verify(issuer.publicKey);
    } catch {
      valid = false;
    }
    this.#verified.set(key, valid);
    if (VERIFIED.size >= 4096) VERIFIED.clear();
    VERIFIED.set(key, valid);
    return valid;
  }

  /** Depth-first, anchors tried first; no certificate twice in one path. */
  extend(path: CertificateFacts[]): CertificateFacts[] | undefined {
    if (path.length > this.best.length) this.best = path;
    const last = path[path.length - 1]!;
    if (this.#anchors.has(last.sha256)) return path;
    if (path.length >= MAX_PATH_LENGTH || ++this.#steps > MAX_STEPS) return undefined;
    for (const candidate of this.#pool) {
      if (path.some((cert) => cert.sha256 === candidate.sha256) || !mayHaveIssued(candidate, last)) continue;
      if (weaklySigned(last)) {
        this.weakSignature ??= last;
        continue;
      }
      const verified = this.#verifies(last, candidate);
      if (verified === false) this.brokenSignature ??= last;
      if (!verified) continue;
      const found = this.extend([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  }
}

/**
 * Builds a path from the signer to a trust anchor through the CMS certificates (RFC 5280 §6.1,
 * signatures by `X509Certificate.verify`). Constraints, validity and revocation are judged elsewhere.
 */
export function buildPath(
  signer: CertificateFacts,
  intermediates: readonly CertificateFacts[],
  anchors: readonly CertificateFacts[],
): PathResult {
  const anchorIds = new Set(anchors.map((anchor) => anchor.sha256));
  const others = intermediates.filter((cert) => !anchorIds.has(cert.sha256));
  const search = new PathSearch([...anchors, ...others], anchorIds);
  const found = search.extend([signer]);
  return {
    path: found ?? search.best,
    anchor: found?.[found.length - 1],
    brokenSignature: search.brokenSignature,
    weakSignature: search.weakSignature,
  };
}
