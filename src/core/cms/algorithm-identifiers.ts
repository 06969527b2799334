import type { DigestAlgorithm, KeyType } from '../sign/key-signer.js';
import { nullValue, objectIdentifier, sequence } from './der.js';
import { DIGEST_OIDS, ECDSA_OIDS, OID } from './oids.js';

/** RFC 5754 §2: SHA-2 AlgorithmIdentifiers are generated with absent parameters. */
export function digestAlgorithmIdentifier(digest: DigestAlgorithm): Buffer {
  return sequence(objectIdentifier(DIGEST_OIDS[digest]));
}

/**
 * SignerInfo.signatureAlgorithm. RSA PKCS#1 v1.5: rsaEncryption with NULL parameters (RFC 3370 §3.2),
 * the form most validators expect, the digest being named in SignerInfo.digestAlgorithm.
 * ECDSA: ecdsa-with-SHA* with absent parameters (RFC 5758 §3.2).
 */
export function signatureAlgorithmIdentifier(keyType: KeyType, digest: DigestAlgorithm): Buffer {
  if (keyType === 'rsa') return sequence(objectIdentifier(OID.rsaEncryption), nullValue());
  return sequence(objectIdentifier(ECDSA_OIDS[digest]));
}
