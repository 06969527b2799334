import { createHash } from 'node:crypto';
import { blobCorrupt } from './blob-errors.js';

/**
 * How much of a blob's end waits for the hash to be checked. A blob up to this size is therefore
 * verified before its first byte is handed on; a larger one streams, and a mismatch cuts it short
 * before its last MiB, so no consumer ever receives the whole of a wrong blob.
 */
export const HELD_BACK_BYTES = 1024 * 1024;

/** Hex SHA-256 as the stores name and record blobs. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Passes `chunks` on while hashing them, holding back the trailing HELD_BACK_BYTES until the end,
 * where the SHA-256 must equal `expected()` (asked then, since GridFS reports it only once it has
 * started); otherwise the iteration fails with stored_file_corrupt instead of yielding the rest.
 * `expected()` undefined: nothing to check against (a GridFS file stored without a hash).
 */
export async function* verifiedChunks(
  chunks: AsyncIterable<Buffer>,
  blobId: string,
  expected: () => string | undefined,
): AsyncGenerator<Buffer> {
  const digest = createHash('sha256');
  const held: Buffer[] = [];
  let heldBytes = 0;
  for await (const chunk of chunks) {
    digest.update(chunk);
    held.push(chunk);
    heldBytes += chunk.length;
    while (held.length > 1 && heldBytes - held[0]!.length >= HELD_BACK_BYTES) {
      const first = held.shift()!;
      heldBytes -= first.length;
      yield first;
    }
  }
  const actual = digest.digest('hex');
  const wanted = expected();
  if (wanted !== undefined && actual !== wanted) throw blobCorrupt(blobId, wanted, actual);
  yield* held;
}
