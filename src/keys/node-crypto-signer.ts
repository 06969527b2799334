import { constants, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { DocsealError } from '../core/errors.js';
import type { DigestAlgorithm, KeySigner, KeyType } from '../core/sign/key-signer.js';

const signAsync = promisify(sign);

/**
 * Signs with a decrypted key held in memory. The callback form of `crypto.sign` runs on the libuv
 * thread pool, so an RSA signature does not stall other requests.
 */
export class NodeCryptoSigner implements KeySigner {
  readonly keyType: KeyType;
  readonly curve?: string;
  readonly #key: KeyObject;

  constructor(key: KeyObject) {
    if (key.type !== 'private') throw new DocsealError('key_unavailable', 'a signer needs a private key');
    const type = key.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ec') {
      throw new DocsealError('key_unavailable', `unsupported key type ${String(type)}: use RSA or ECDSA`);
    }
    this.keyType = type;
    if (type === 'ec') this.curve = key.asymmetricKeyDetails?.namedCurve;
    this.#key = key;
  }

  sign(data: Buffer, digest: DigestAlgorithm): Promise<Buffer> {
    // RFC 5652 §5.4 / RFC 5754: CMS carries RSA signatures as PKCS#1 v1.5 and ECDSA ones as DER Ecdsa-Sig-Value.
    const options =
      this.keyType === 'ec'
        ? { key: this.#key, dsaEncoding: 'der' as const }
        : { key: this.#key, padding: constants.RSA_PKCS1_PADDING };
    return signAsync(digest, data, options);
  }
}
