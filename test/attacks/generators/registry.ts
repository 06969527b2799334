import type { Generator } from '../lib/context.js';
import { respellGap, type GapSpelling } from '../lib/respell-gap.js';

/**
 * Registry evasion: our signature's /Contents gap re-spelled so the file's SHA-256 no longer matches the
 * registry, e.g. to hide a revocation. The signature itself stays intact (the verifier alone says
 * valid, over the same covered bytes); the registry finds the document by their hash, which
 * test/http/registry-signature-match.test.ts proves with a revoked document.
 */
const respelled =
  (spelling: GapSpelling): Generator =>
  async (ctx) =>
    respellGap(await ctx.base('plain'), spelling);

export const registryGenerators: Record<string, Generator> = {
  'registry-gap-upper-case': respelled('upper-case'),
  'registry-gap-padding-as-white-space': respelled('padding-as-white-space'),
  'registry-gap-cms-moved': respelled('cms-moved'),
};
