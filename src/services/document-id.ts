import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 §6 base32, lower case and unpadded: safe in URLs and readable when printed on a seal. */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A new document id: 128 random bits (26 characters). It is in the public verify URL, so it must not
 * be guessable from other ids; the private download still needs the owner's API key.
 */
export function newDocumentId(): string {
  return base32(randomBytes(16));
}

export const DOCUMENT_ID_PATTERN = /^[a-z2-7]{26}$/;
