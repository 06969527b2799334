import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * AES as the standard security handler uses it (ISO 32000-1 §7.6.2, ISO 32000-2 §7.6.3): CBC with the
 * 16-byte initialisation vector written before the ciphertext and PKCS#5 padding (RFC 8018 §6.1.1).
 */
const BLOCK = 16;

function cbcName(key: Uint8Array): string {
  if (key.length === 16) return 'aes-128-cbc';
  if (key.length === 32) return 'aes-256-cbc';
  throw new RangeError('An AES key is 16 or 32 bytes.');
}

/** Undefined when the data cannot be AES output: too short, not whole blocks, or bad padding. */
export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array): Buffer | undefined {
  if (data.length < 2 * BLOCK || data.length % BLOCK !== 0) return undefined;
  const d = createDecipheriv(cbcName(key), key, data.subarray(0, BLOCK));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(data.subarray(BLOCK)), d.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK) return undefined;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
  return plain.subarray(0, plain.length - pad);
}

/** The initialisation vector, then the padded ciphertext. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = createCipheriv(cbcName(key), key, iv);
  return Buffer.concat([Buffer.from(iv), c.update(data), c.final()]);
}

/** CBC without padding, for the key derivations of ISO 32000-2 §7.6.4.3.3-4 (whole blocks only). */
export function aesCbcRaw(mode: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const c = mode === 'encrypt' ? createCipheriv(cbcName(key), key, iv) : createDecipheriv(cbcName(key), key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** One block with AES-256 in ECB mode, as Algorithm 13 (§7.6.4.4.12) decrypts /Perms. */
export function aes256EcbDecryptBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-ecb', key, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(block), d.final()]);
}
