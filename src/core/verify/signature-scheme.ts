import { constants, verify, type KeyObject } from 'node:crypto';
import { DerError, readChildren, readObjectIdentifier, readTlv, type Tlv } from '../cms/der.js';
import { ECDSA_HASH_BY_OID, HASH_BY_OID, OID, RSA_PKCS1_HASH_BY_OID, type HashName } from '../cms/oids.js';
import type { AlgorithmFacts } from './cms-facts-model.js';

export type SignatureScheme =
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly hash: HashName; readonly saltLength: number }
  | { readonly kind: 'ecdsa'; readonly hash: HashName };

/** A scheme, or the stable code of why none applies. */
export type SchemeResult = { readonly scheme: SignatureScheme } | { readonly code: string };

const WEAK_HASHES: ReadonlySet<HashName> = new Set(['md5', 'sha1']);
const ACCEPTED_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const MIN_RSA_BITS = 2048;

export function isWeakHash(hash: HashName): boolean {
  return WEAK_HASHES.has(hash);
}

function hashOfAlgorithmIdentifier(buf: Buffer, element: Tlv): HashName | undefined {
  const [oid] = readChildren(buf, element);
  return oid && HASH_BY_OID[readObjectIdentifier(buf, oid)];
}

/**
 * RFC 4055 §3.1 RSASSA-PSS-params: hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT
 * mgf1SHA1, saltLength [2] DEFAULT 20, trailerField [3] DEFAULT 1 (the only value defined).
 */
type PssParameters = { hash: HashName | undefined; mgfHash: HashName | undefined; saltLength: number };

function pssParameters(parameters: Buffer | undefined): PssParameters {
  if (!parameters) throw new DerError('RSASSA-PSS without parameters', 0);
  const params: PssParameters = { hash: 'sha1', mgfHash: 'sha1', saltLength: 20 };
  for (const field of readChildren(parameters, readTlv(parameters, 0))) {
    const inner = readTlv(parameters, field.valueStart, field.end);
    if (field.tag === 0xa0) params.hash = hashOfAlgorithmIdentifier(parameters, inner);
    if (field.tag === 0xa1) {
      const [mgf, mgfParams] = readChildren(parameters, inner);
      const isMgf1 = mgf !== undefined && readObjectIdentifier(parameters, mgf) === OID.mgf1;
      params.mgfHash = isMgf1 && mgfParams ? hashOfAlgorithmIdentifier(parameters, mgfParams) : undefined;
    }
    if (field.tag === 0xa2 || field.tag === 0xa3) {
      const size = inner.end - inner.valueStart;
      if (inner.tag !== 0x02 || size < 1 || size > 2) throw new DerError('bad PSS integer', inner.start);
      const value = parameters.readUIntBE(inner.valueStart, size);
      if (field.tag === 0xa2) params.saltLength = value;
      else if (value !== 1) throw new DerError('PSS trailerField is not 1', inner.start);
    }
  }
  return params;
}

/**
 * The scheme a signatureAlgorithm names. `digest` is the hash the signer says it used (SignerInfo
 * digestAlgorithm); an algorithm naming another hash is refused, so no hash is ever substituted.
 * Absent `digest` (certificates, CRLs), the algorithm must name its hash itself.
 */
export function schemeOf(algorithm: AlgorithmFacts, digest: HashName | undefined): SchemeResult {
  const pinned = (kind: 'rsa-pkcs1' | 'ecdsa', hash: HashName | undefined): SchemeResult => {
    if (!hash) return { code: 'unsupported_signature_algorithm' };
    if (digest && hash !== digest) return { code: 'algorithm_mismatch' };
    return { scheme: { kind, hash } };
  };
  const { oid } = algorithm;
  if (oid === OID.rsaEncryption) return pinned('rsa-pkcs1', digest);
  if (oid === OID.ecPublicKey) return pinned('ecdsa', digest);
  if (RSA_PKCS1_HASH_BY_OID[oid]) return pinned('rsa-pkcs1', RSA_PKCS1_HASH_BY_OID[oid]);
  if (ECDSA_HASH_BY_OID[oid]) return pinned('ecdsa', ECDSA_HASH_BY_OID[oid]);
  if (oid !== OID.rsassaPss) return { code: 'unsupported_signature_algorithm' };
  let params;
  try {
    params = pssParameters(algorithm.parameters);
  } catch {
    return { code: 'unsupported_signature_algorithm' };
  }
  // node:crypto's PSS uses the signature hash for MGF1 too, so any other MGF1 hash is unsupported.
  if (!params.hash || params.mgfHash !== params.hash) return { code: 'unsupported_signature_algorithm' };
  if (digest && params.hash !== digest) return { code: 'algorithm_mismatch' };
  return { scheme: { kind: 'rsa-pss', hash: params.hash, saltLength: params.saltLength } };
}

/** Why `key` may not verify under `scheme`: wrong type, RSA under 2048 bits, or a curve we do not accept. */
export function keyProblem(key: KeyObject, scheme: SignatureScheme): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (scheme.kind === 'ecdsa') {
    if (type !== 'ec') return 'algorithm_mismatch';
    return ACCEPTED_CURVES.has(details.namedCurve ?? '') ? undefined : 'unsupported_key';
  }
  if (type !== 'rsa' && !(type === 'rsa-pss' && scheme.kind === 'rsa-pss')) return 'algorithm_mismatch';
  return (details.modulusLength ?? 0) < MIN_RSA_BITS ? 'weak_key' : undefined;
}

/**
 * OpenSSL's PKCS#1 v1.5 verification re-encodes the expected DigestInfo and compares it whole, so
 * garbage after the digest (Bleichenbacher's e=3 forgery) and a DigestInfo naming another hash fail.
 */
export function verifyWithScheme(scheme: SignatureScheme, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    if (scheme.kind === 'ecdsa') return verify(scheme.hash, data, { key, dsaEncoding: 'der' }, signature);
    if (scheme.kind === 'rsa-pkcs1') return verify(scheme.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength };
    return verify(scheme.hash, data, options, signature);
  } catch {
    return false;
  }
}
