/**
 * A key backend only signs bytes (pyHanko's Signer idea): the CMS and PDF code never see key material,
 * so an encrypted key file today and a PKCS#11 HSM later plug in behind the same contract.
 */
export type KeyType = 'rsa' | 'ec';
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

export interface KeySigner {
  readonly keyType: KeyType;
  /** For ECDSA, the curve name as node:crypto reports it (e.g. 'prime256v1'). */
  readonly curve?: string;
  /**
   * Signs `data` (not a digest): RSA PKCS#1 v1.5 or ECDSA with a DER (r, s) signature,
   * exactly what CMS SignerInfo.signature carries.
   */
  sign(data: Buffer, digest: DigestAlgorithm): Promise<Buffer>;
}

/** The department's certificate, its chain and the key that signs for it. */
export type SigningIdentity = {
  /** DER of the signer certificate. */
  readonly certificate: Buffer;
  /** DER of the issuing CAs, nearest first, the root last. */
  readonly chain: readonly Buffer[];
  readonly signer: KeySigner;
};
