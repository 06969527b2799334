import { createHash, type Hash } from 'node:crypto';

/**
 * Digests of prefixes of one file, sharing work: every signature's first range, each signed
 * revision and the whole file are prefixes, so hash states are kept at the offsets reached and later
 * digests continue from the nearest one (Hash.copy) instead of hashing from byte 0 again. A 50 MB
 * file with one signature is read once, not three times.
 */
export class PrefixHashes {
  private readonly states = new Map<string, { at: number; hash: Hash }[]>();

  constructor(private readonly bytes: Buffer) {}

  /** The digest of [0, length). */
  prefix(alg: string, length: number): Buffer {
    return this.stateAt(alg, length).digest();
  }

  /** The digest of a ByteRange whose first range starts at 0 (the structure check ensures it). */
  range(alg: string, br: readonly [number, number, number, number]): Buffer {
    return this.stateAt(alg, br[1]).update(this.bytes.subarray(br[2], br[2] + br[3])).digest();
  }

  /** A fresh hash of [0, at), continued from the furthest kept state at or before `at`. */
  private stateAt(alg: string, at: number): Hash {
    let list = this.states.get(alg);
    if (!list) this.states.set(alg, (list = []));
    let best: { at: number; hash: Hash } | undefined;
    for (const s of list) if (s.at <= at && (!best || s.at > best.at)) best = s;
    const h = best ? best.hash.copy() : createHash(alg);
    h.update(this.bytes.subarray(best?.at ?? 0, at));
    if (best?.at !== at && list.length < 64) list.push({ at, hash: h.copy() });
    return h;
  }
}
