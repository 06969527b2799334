import type { DigestAlgorithm, SigningIdentity } from '../sign/key-signer.js';
import { buildSignedAttributes } from './signed-attributes.js';
import { buildSignedData } from './signed-data.js';

export type CmsSignatureInput = {
  /** Digest of the PDF's /ByteRange, computed by the PDF writer. */
  readonly contentDigest: Buffer;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly identity: SigningIdentity;
};

/**
 * The DER CMS SignedData for /Contents of a PAdES B-B signature: build the signed attributes, have the
 * key backend sign their DER SET (RFC 5652 §5.4), wrap both in SignedData.
 */
export async function createCmsSignature(input: CmsSignatureInput): Promise<Buffer> {
  const { contentDigest, digestAlgorithm, identity } = input;
  const signedAttributes = buildSignedAttributes({
    contentDigest,
    digestAlgorithm,
    signerCertificate: identity.certificate,
  });
  const signature = await identity.signer.sign(signedAttributes, digestAlgorithm);
  return buildSignedData({
    signedAttributes,
    signature,
    digestAlgorithm,
    keyType: identity.signer.keyType,
    signerCertificate: identity.certificate,
    chain: identity.chain,
  });
}
