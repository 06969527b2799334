import { createHash } from 'node:crypto';
import { aes256EcbDecryptBlock, aesCbcRaw } from './aes.js';
import { rc4 } from './rc4.js';

/** What the standard security handler's key derivation reads from /Encrypt and the trailer. */
export type StandardParams = {
  /** /R, the handler revision: 2-4 (MD5 and RC4 based), 5 (Adobe's AES-256 draft) or 6 (ISO 32000-2). */
  readonly revision: number;
  /** File key length in bytes (5 to 16 for revisions 2-4, 32 for 5 and 6). */
  readonly keyLength: number;
  readonly owner: Buffer;
  readonly user: Buffer;
  readonly ownerKey?: Buffer;
  readonly userKey?: Buffer;
  readonly perms?: Buffer;
  /** /P as a signed 32-bit integer. */
  readonly permissions: number;
  readonly encryptMetadata: boolean;
  /** The first element of the trailer's /ID (revisions 2-4 mix it into the key). */
  readonly firstId: Buffer;
};

/** ISO 32000-1 §7.6.3.3, Algorithm 2 step a: the padding string, which is also the padded empty password. */
const PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * The file encryption key for the empty user password, or undefined when the empty password is not
 * the user password (the file needs one to open). Only the empty password is ever tried: docseal
 * receives no passwords, and a document anyone can open is what "owner restrictions only" means.
 */
export function emptyPasswordKey(p: StandardParams): Buffer | undefined {
  if (p.revision <= 4) {
    const key = keyR2to4(p);
    return userPasswordMatchesR2to4(p, key) ? key : undefined;
  }
  return keyR5orR6(p);
}

/** §7.6.3.3 Algorithm 2, with the empty password. */
function keyR2to4(p: StandardParams): Buffer {
  const perms = Buffer.alloc(4);
  perms.writeInt32LE(p.permissions);
  // Step f: revision 4 and later mix in 0xFFFFFFFF when metadata is left unencrypted.
  const metadata = p.revision >= 4 && !p.encryptMetadata ? [Buffer.from([0xff, 0xff, 0xff, 0xff])] : [];
  let key = md5(PADDING, p.owner.subarray(0, 32), perms, p.firstId, ...metadata);
  const n = p.revision === 2 ? 5 : p.keyLength;
  if (p.revision >= 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
  return key.subarray(0, n);
}

/** §7.6.3.4 Algorithm 6: recompute /U (Algorithm 4 for revision 2, 5 for 3 and 4) and compare. */
function userPasswordMatchesR2to4(p: StandardParams, key: Buffer): boolean {
  if (p.revision === 2) return rc4(key, PADDING).equals(p.user.subarray(0, 32));
  let x = rc4(key, md5(PADDING, p.firstId));
  for (let i = 1; i <= 19; i++) x = rc4(key.map((b) => b ^ i), x);
  // Algorithm 5 step f: only the first 16 bytes are significant; the rest is arbitrary padding.
  return x.equals(p.user.subarray(0, 16));
}

/**
 * ISO 32000-2 §7.6.4.3.3 Algorithm 2.A with the empty password: check it against /U (Algorithm 11),
 * then decrypt /UE with the hash of the key salt. Revision 5 hashes once with SHA-256 (Adobe's
 * extension level 3); revision 6 uses the iterated hash of Algorithm 2.B. The key is checked against
 * /Perms (Algorithm 13): a tampered /UE would otherwise decrypt every object to noise.
 */
function keyR5orR6(p: StandardParams): Buffer | undefined {
  const password = Buffer.alloc(0);
  const hash = p.revision === 5 ? sha256Once : hash2B;
  if (!hash(password, p.user.subarray(32, 40)).equals(p.user.subarray(0, 32))) return undefined;
  const intermediate = hash(password, p.user.subarray(40, 48));
  const key = aesCbcRaw('decrypt', intermediate, Buffer.alloc(16), p.userKey!.subarray(0, 32));
  if (p.perms && p.perms.length >= 16 && aes256EcbDecryptBlock(key, p.perms.subarray(0, 16)).toString('latin1', 9, 12) !== 'adb') return undefined;
  return key;
}

function sha256Once(password: Buffer, salt: Buffer): Buffer {
  return createHash('sha256').update(password).update(salt).digest();
}

const HASHES = ['sha256', 'sha384', 'sha512'] as const;

/** ISO 32000-2 §7.6.4.3.4 Algorithm 2.B, for the user password (no /U data is mixed in). */
export function hash2B(password: Buffer, salt: Buffer): Buffer {
  let k = createHash('sha256').update(password).update(salt).digest();
  for (let round = 0; ; round++) {
    const k1 = Buffer.concat(new Array<Buffer>(64).fill(Buffer.concat([password, k])));
    const e = aesCbcRaw('encrypt', k.subarray(0, 16), k.subarray(16, 32), k1);
    // The first 16 bytes of E as one big-endian number, modulo 3: 256 ≡ 1 (mod 3), so their sum modulo 3.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i]!;
    k = createHash(HASHES[sum % 3]!).update(e).digest();
    // Steps e-f: at least 64 rounds, then until E's last byte is at most the round count less 32.
    if (round >= 63 && e[e.length - 1]! <= round - 31) break;
  }
  return k.subarray(0, 32);
}

/** §7.6.3.3 Algorithm 1 (revisions 2-4): the key for one object's strings and streams. */
export function objectKey(fileKey: Buffer, num: number, gen: number, aes: boolean): Buffer {
  const id = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
  const salt = aes ? [Buffer.from('sAlT', 'latin1')] : [];
  return md5(fileKey, id, ...salt).subarray(0, Math.min(fileKey.length + 5, 16));
}
