import type { AttackContext, Generator } from '../lib/context.js';
import { appendForgedSignature, type ForgedSignatureSpec, type GapLayout } from '../lib/forge-signature.js';
import { layoutOf } from '../lib/inspect.js';

/**
 * ByteRange and gap anomalies: a second, cryptographically valid signature (a real key signs the ranges
 * as written) whose ranges break one structural rule. The first signature stays intact, so only the
 * structure check can make the document invalid.
 */
async function anomaly(ctx: AttackContext, spec: Omit<ForgedSignatureSpec, 'identity'>): Promise<Buffer> {
  return appendForgedSignature(await ctx.base('plain'), { identity: ctx.kit.departments.get('demo')!.identity, ...spec });
}

const JUNK = ' /Junk (forged bytes in the gap)';

export const gapGenerators: Record<string, Generator> = {
  'gap-junk-after-contents': (ctx) =>
    anomaly(ctx, {
      afterContents: JUNK,
      byteRange: (g: GapLayout) => `[0 ${g.contentsStart} ${g.contentsEnd + JUNK.length} ${g.fileEnd - g.contentsEnd - JUNK.length}]`,
    }),
  'gap-larger-than-contents': (ctx) =>
    anomaly(ctx, { byteRange: (g) => `[0 ${g.contentsStart - 10} ${g.contentsEnd} ${g.fileEnd - g.contentsEnd}]` }),
  'gap-one-range-only': (ctx) => anomaly(ctx, { byteRange: (g) => `[0 ${g.fileEnd}]` }),
  'gap-tail-not-covered': (ctx) =>
    anomaly(ctx, { byteRange: (g) => `[0 ${g.contentsStart} ${g.contentsEnd} ${g.fileEnd - g.contentsEnd - 40}]` }),
  'gap-colliding-ranges': async (ctx) => {
    const first = layoutOf(await ctx.base('plain')).byteRange!;
    return anomaly(ctx, { byteRange: () => `[${first.join(' ')}]` });
  },
};
