import { inflateSync, constants } from 'node:zlib';
import { DocsealError } from '../../errors.js';
import type { DecodeCap } from './capped-output.js';

/**
 * ISO 32000-1 §7.4.4 FlateDecode (zlib, RFC 1950/1951), inflated by node:zlib into at most what both
 * caps leave; whichever cap binds names the refusal.
 */
export function inflateCapped(data: Uint8Array, cap: DecodeCap): Buffer {
  const { maxBytes, budget } = cap;
  budget.assertWithin();
  const allowed = Math.min(maxBytes, budget.remaining);
  let out: Buffer;
  try {
    // Z_SYNC_FLUSH tolerates streams without a proper end, which many writers produce. zlib needs an
    // output bound of at least one byte; with nothing left, any output at all overruns the budget.
    out = inflateSync(data, { maxOutputLength: Math.max(1, allowed), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      if (allowed < maxBytes) budget.refuse();
      throw new DocsealError('limit_exceeded', 'A stream inflates beyond the allowed size.', { maxBytes });
    }
    throw new DocsealError('corrupt_pdf', 'A compressed stream is corrupt.');
  }
  budget.charge(out.length);
  return out;
}
