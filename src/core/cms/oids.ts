import type { DigestAlgorithm } from '../sign/key-signer.js';

/** Object identifiers of the CMS structures and attributes we write (dotted form). */
export const OID = {
  /** RFC 5652 §5.1 */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 5652 §4 */
  data: '1.2.840.113549.1.7.1',
  /** RFC 5652 §11.1 */
  contentType: '1.2.840.113549.1.9.3',
  /** RFC 5652 §11.2 */
  messageDigest: '1.2.840.113549.1.9.4',
  /** RFC 5035 §3: id-aa-signingCertificateV2 */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 2634 §5.4: id-aa-signingCertificate (ESSCertID with a SHA-1 hash) */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** RFC 5652 §11.3 */
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 3161 Appendix A: id-aa-signatureTimeStampToken */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** RFC 3161 §2.4.2: id-ct-TSTInfo, the eContentType of a TimeStampToken */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** RFC 5280 §4.2.1.12: id-kp-timeStamping, the extended key usage RFC 3161 §2.3 requires of a TSA */
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  /** RFC 8017 Appendix A.1 */
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  /** RFC 8017 Appendix A.2.3: id-RSASSA-PSS */
  rsassaPss: '1.2.840.113549.1.1.10',
  /** RFC 8017 Appendix A.2.1: id-mgf1 */
  mgf1: '1.2.840.113549.1.1.8',
  /** RFC 5480 §2.1.1: id-ecPublicKey (some signers name it as the signature algorithm) */
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** RFC 5754 §2 (NIST hash algorithms). */
export const DIGEST_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** RFC 5758 §3.2: ecdsa-with-SHA256/384/512. */
export const ECDSA_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

/** Every hash a verifier may meet, including the broken ones it must name to refuse them. */
export type HashName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** RFC 3279 §2.2.1 (MD5, SHA-1), RFC 5754 §2 (SHA-2). */
export const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RFC 8017 Appendix A.2.4 / RFC 4055 §5: md5/sha*WithRSAEncryption, PKCS#1 v1.5 with a fixed hash. */
export const RSA_PKCS1_HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** RFC 3279 §2.2.3 (ecdsa-with-SHA1), RFC 5758 §3.2 (SHA-2). */
export const ECDSA_HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
