import { makeCa, makeSigner, type AttackSigner, type Ca, type Validity } from './attack-ca.js';

/**
 * Certificate name games (docs/verifier-defences.md): CAs that share a name, for path building as RFC 4158 and
 * RFC 5280 §6 describe it. Every signer's CMS carries the certificates a real one would.
 */
export type PathPki = {
  /** DER of both keys of the rolled-over root, each an anchor. */
  readonly rolloverRoots: readonly Buffer[];
  /**
   * Under a self-signed root named like the trusted root but holding another key; the CMS carries that
   * root. No key identifiers, so the trusted root is a candidate issuer that name matching alone cannot rule out.
   */
  readonly nameCollision: AttackSigner;
  /**
   * Under the old and the new key of a rolled-over issuing CA (below the old and the new root key).
   * Neither carries key identifiers and the CMS holds both CAs, the one that did not issue first.
   */
  readonly rolloverOld: AttackSigner;
  readonly rolloverNew: AttackSigner;
  /** Under a partner root we do not trust, whose key our trusted root cross-certified; the CMS carries the partner's self-signed root too. */
  readonly crossCertified: AttackSigner;
};

function rollover(roots: Validity, current: Validity): Pick<PathPki, 'rolloverRoots' | 'rolloverOld' | 'rolloverNew'> {
  const oldRoot = makeCa('Attack Suite Rollover Root', roots, { ids: 'no-key-ids' });
  const newRoot = makeCa('Attack Suite Rollover Root', roots, { ids: 'no-key-ids' });
  const oldCa = makeCa('Attack Suite Rollover CA', current, { issuer: oldRoot, ids: 'no-key-ids' });
  const newCa = makeCa('Attack Suite Rollover CA', current, { issuer: newRoot, ids: 'no-key-ids' });
  const both = [newCa.certificate, oldCa.certificate];
  return {
    rolloverRoots: [newRoot.certificate, oldRoot.certificate],
    rolloverOld: makeSigner('Attack Suite Rollover Signer (old key)', oldCa, current, { chain: both, ids: 'no-key-ids' }),
    rolloverNew: makeSigner('Attack Suite Rollover Signer (new key)', newCa, current, { chain: [...both].reverse(), ids: 'no-key-ids' }),
  };
}

export function makePathPki(trusted: Ca, roots: Validity, current: Validity): PathPki {
  const impostor = makeCa('Attack Suite Trusted Root', roots, { ids: 'no-key-ids' });
  const collisionCa = makeCa('Attack Suite Collision CA', current, { issuer: impostor, ids: 'no-key-ids' });
  const partnerRoot = makeCa('Attack Suite Partner Root', roots);
  const cross = makeCa('Attack Suite Partner Root', roots, { issuer: trusted, keyOf: partnerRoot });
  const partnerCa = makeCa('Attack Suite Partner CA', current, { issuer: partnerRoot });
  return {
    ...rollover(roots, current),
    nameCollision: makeSigner('Attack Suite Collision Signer', collisionCa, current, {
      chain: [collisionCa.certificate, impostor.certificate],
      ids: 'no-key-ids',
    }),
    crossCertified: makeSigner('Attack Suite Partner Signer', partnerCa, current, {
      chain: [partnerCa.certificate, partnerRoot.certificate, cross.certificate],
    }),
  };
}
