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
  /** RFC 8017 Appendix A.1 */
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  /** RFC 8017 Appendix A.2.3: id-RSASSA-PSS */
  rsassaPss: '1.2.840.113549.1.1.10',
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
