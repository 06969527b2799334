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
  /** A certificate signed with MD5 or SHA-1, which we refuse to chain through. */
  readonly weakSignature: CertificateFacts | undefined;
};

/** Whether a certificate's signature verifies under an issuer's key depends only on the two: remembered across files. */
const VERIFIED = new Map<string, boolean>();

function weaklySigned(cert: CertificateFacts): boolean {
  const hash = RSA_PKCS1_HASH_BY_OID[cert.signatureAlgorithm] ?? ECDSA_HASH_BY_OID[cert.signatureAlgorithm];
  return hash !== undefined && isWeakHash(hash);
}

/** RFC 5280 §6.1.3 (a)(4): a candidate issuer is a certificate whose subject is the certificate's issuer name. */
function namesChain(issuer: CertificateFacts, cert: CertificateFacts): boolean {
  return issuer.subject.equals(cert.issuer) || issuer.x509.subject === cert.x509.issuer;
}

/**
 * RFC 4158 §3.5.12: matching key identifiers put a candidate first, a mismatch puts it last, but
 * neither decides (RFC 5280 §4.2.1.2: applications need not check that they match; a cross-certificate
 * may compute its subject's identifier another way). 0 is the best rank.
 */
function keyIdentifierRank(issuer: CertificateFacts, cert: CertificateFacts): number {
  const aki = keyIdentifierOrUndefined(() => authorityKeyIdentifier(cert));
  const ski = keyIdentifierOrUndefined(() => subjectKeyIdentifier(issuer));
  if (!aki || !ski) return 1;
  return aki.equals(ski) ? 0 : 2;
}

/** A certificate's subject and key depend on it alone: remembered across files (exporting a key is costly). */
const IDENTITIES = new Map<string, string>();

/** Subject and key: a certificate re-issued for the same CA is the same step (RFC 4158 §2.4.2, §5.2 loop detection). */
function caIdentity(cert: CertificateFacts): string {
  let id = IDENTITIES.get(cert.sha256);
  if (id === undefined) {
    id = `${cert.subject.toString('hex')}:${cert.publicKey.export({ type: 'spki', format: 'der' }).toString('hex')}`;
    if (IDENTITIES.size >= 4096) IDENTITIES.clear();
    IDENTITIES.set(cert.sha256, id);
  }
  return id;
}

class PathSearch {
  readonly #pool: readonly CertificateFacts[];
  readonly #anchors: readonly CertificateFacts[];
  readonly #anchorIds: ReadonlySet<string>;
  readonly #verified = new Map<string, boolean>();
  #steps = 0;
  best: CertificateFacts[] = [];
  weakSignature: CertificateFacts | undefined;

  constructor(pool: readonly CertificateFacts[], anchors: readonly CertificateFacts[]) {
    this.#pool = pool;
    this.#anchors = anchors;
    this.#anchorIds = new Set(anchors.map((anchor) => anchor.sha256));
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

  /**
   * RFC 4158 §3.5: every name-matching certificate is a candidate, most likely first: matching key
   * identifiers, then trust anchors, then certificates an anchor's name issued (a cross-certificate).
   */
  #candidates(cert: CertificateFacts, path: readonly CertificateFacts[]): CertificateFacts[] {
    const used = new Set(path.map((step) => caIdentity(step)));
    const rank = (candidate: CertificateFacts): number => {
      const anchorRank = this.#anchorIds.has(candidate.sha256) ? 0 : this.#anchors.some((a) => namesChain(a, candidate)) ? 1 : 2;
      return keyIdentifierRank(candidate, cert) * 3 + anchorRank;
    };
    return this.#pool
      .filter((candidate) => namesChain(candidate, cert) && !used.has(caIdentity(candidate)))
      .map((candidate) => ({ candidate, rank: rank(candidate) }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ candidate }) => candidate);
  }

  /**
   * Depth-first over every candidate (RFC 4158 §2.4.2): a candidate whose key does not verify the
   * certificate is simply not its issuer, and the search goes on to the next.
   */
  extend(path: CertificateFacts[]): CertificateFacts[] | undefined {
    if (path.length > this.best.length) this.best = path;
    const last = path[path.length - 1]!;
    if (this.#anchorIds.has(last.sha256)) return path;
    if (path.length >= MAX_PATH_LENGTH || ++this.#steps > MAX_STEPS) return undefined;
    const candidates = this.#candidates(last, path);
    if (candidates.length > 0 && weaklySigned(last)) {
      this.weakSignature ??= last;
      return undefined;
    }
    for (const candidate of candidates) {
      if (!this.#verifies(last, candidate)) continue;
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
  const search = new PathSearch([...anchors, ...others], anchors);
  const found = search.extend([signer]);
  return { path: found ?? search.best, anchor: found?.[found.length - 1], weakSignature: search.weakSignature };
}
