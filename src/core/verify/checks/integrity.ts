import { HASH_BY_OID, OID, type HashName } from '../../cms/oids.js';
import { subjectKeyIdentifier } from '../certificate-extensions.js';
import { readCertificate, type CertificateFacts } from '../certificate-facts.js';
import { signedAttributesSet, type CmsFacts, type SignerIdFacts, type SignerInfoFacts } from '../cms-facts-model.js';
import type { Check } from '../report.js';
import { isWeakHash, keyProblem, schemeOf, verifyWithScheme } from '../signature-scheme.js';
import { checkSigningCertificate } from './signing-certificate.js';

export type RangeDigestAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1' | 'md5';

export type IntegrityInput = {
  readonly facts: CmsFacts;
  /** The digest of the /ByteRange bytes with the given algorithm. */
  readonly rangeDigest: (alg: RangeDigestAlgorithm) => Buffer;
  /** The content type the content-type attribute must name: id-data (the default) or id-ct-TSTInfo for a timestamp token. */
  readonly contentType?: string;
};

type Hash = { hash: 'sha256' | 'sha384' | 'sha512' } | { code: string };

/** EN 319 142-1 §5.1 with ETSI TS 119 312: SHA-2 of 256 bits and more; MD5 and SHA-1 are broken. */
function signerHash(signerInfo: SignerInfoFacts): Hash {
  const hash: HashName | undefined = HASH_BY_OID[signerInfo.digestAlgorithm.oid];
  if (hash && isWeakHash(hash)) return { code: 'weak_digest_algorithm' };
  if (hash !== 'sha256' && hash !== 'sha384' && hash !== 'sha512') return { code: 'unsupported_digest_algorithm' };
  return { hash };
}

/**
 * RFC 5652 §5.4 and §11.1-11.2: content-type names the signed content's type (id-data for PAdES,
 * id-ct-TSTInfo for a timestamp token) and message-digest is the content's digest.
 */
function digestCheck(signerInfo: SignerInfoFacts, rangeDigest: IntegrityInput['rangeDigest'], contentType: string): Check {
  const failed = (code: string): Check => ({ id: 'integrity.digest', status: 'failed', code });
  const hash = signerHash(signerInfo);
  if ('code' in hash) return failed(hash.code);
  const attributes = signerInfo.signedAttributes;
  if (!attributes) return failed('signed_attributes_missing');
  if (attributes.contentType === undefined) return failed('content_type_missing');
  if (attributes.contentType !== contentType) return failed('content_type_mismatch');
  if (!attributes.messageDigest) return failed('message_digest_missing');
  if (!attributes.messageDigest.equals(rangeDigest(hash.hash))) return failed('digest_mismatch');
  return { id: 'integrity.digest', status: 'passed', code: 'message_digest_matches', params: { algorithm: hash.hash } };
}

function matchesSid(cert: CertificateFacts, sid: SignerIdFacts): boolean {
  if (sid.kind === 'issuerAndSerialNumber') return cert.issuer.equals(sid.issuer) && cert.serialNumber.equals(sid.serialNumber);
  try {
    return subjectKeyIdentifier(cert)?.equals(sid.keyIdentifier) ?? false;
  } catch {
    return false;
  }
}

/** The one certificate `sid` names; two different ones would leave the choice to the attacker. */
function findSigner(certificates: readonly Buffer[], sid: SignerIdFacts): CertificateFacts | 'ambiguous' | undefined {
  const seen = new Set<string>();
  const matches: CertificateFacts[] = [];
  for (const der of certificates) {
    const cert = readCertificate(der);
    if (!cert || seen.has(cert.sha256) || !matchesSid(cert, sid)) continue;
    seen.add(cert.sha256);
    matches.push(cert);
  }
  if (matches.length > 1) return 'ambiguous';
  return matches[0];
}

/** RFC 5652 §5.4: the signature covers the DER SET of the signed attributes, verified with the signer's key. */
function signatureCheck(signerInfo: SignerInfoFacts, signer: CertificateFacts | undefined): Check {
  const failed = (code: string): Check => ({ id: 'integrity.signature', status: 'failed', code });
  const attributes = signerInfo.signedAttributes;
  if (!attributes) return failed('signed_attributes_missing');
  if (!signer) return failed('signer_certificate_missing');
  const hash = signerHash(signerInfo);
  if ('code' in hash) return failed(hash.code);
  const result = schemeOf(signerInfo.signatureAlgorithm, hash.hash);
  if ('code' in result) return failed(result.code);
  const problem = keyProblem(signer.publicKey, result.scheme);
  if (problem) return failed(problem);
  if (!verifyWithScheme(result.scheme, signedAttributesSet(attributes), signer.publicKey, signerInfo.signature)) {
    return failed('signature_invalid');
  }
  const params = { algorithm: `${result.scheme.kind}-${result.scheme.hash}` };
  return { id: 'integrity.signature', status: 'passed', code: 'signature_valid', params };
}

/**
 * Integrity of one CMS signature: the signed digest matches the signed bytes, the signature over the
 * signed attributes verifies with the certificate `sid` names, and ESS binds that certificate.
 */
export function checkIntegrity(input: IntegrityInput): { checks: Check[]; signer?: Buffer } {
  const { signerInfo, certificates } = input.facts;
  const found = findSigner(certificates, signerInfo.sid);
  const signer = found === 'ambiguous' ? undefined : found;
  const signature =
    found === 'ambiguous'
      ? ({ id: 'integrity.signature', status: 'failed', code: 'signer_certificate_ambiguous' } as const)
      : signatureCheck(signerInfo, signer);
  const checks = [
    digestCheck(signerInfo, input.rangeDigest, input.contentType ?? OID.data),
    signature,
    checkSigningCertificate(signerInfo.signedAttributes, signer),
  ];
  return signer ? { checks, signer: signer.der } : { checks };
}
