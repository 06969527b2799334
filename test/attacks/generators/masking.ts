import { PdfStream } from '../../../src/core/pdf/objects.js';
import { forgedText, overrideContent } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { firstContentRef, layoutOf, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, objectBytes, type RawObject } from '../lib/raw.js';

/**
 * Content masking: bytes that different readers read differently. Our reader follows the
 * cross-reference chain; pdf-lib and repairing readers take the last definition in byte order, scan
 * past %%EOF or trust the text after `stream` over /Length. Each revision here shows the signed
 * content to one reader and forged content to another.
 */
async function withLayout(ctx: AttackContext, build: (signed: Buffer, l: SignedLayout) => Buffer): Promise<Buffer> {
  const signed = await ctx.base('plain');
  return build(signed, layoutOf(signed));
}

/** The page's signed content stream, rewritten byte-identical in meaning (what the xref shows). */
function signedContent(l: SignedLayout): RawObject {
  const num = firstContentRef(l.pages[l.pages.length - 1]!).num;
  return { num, body: l.file.getObject(num) as PdfStream };
}

export const maskingGenerators: Record<string, Generator> = {
  'mask-duplicate-object-number': (ctx) =>
    withLayout(ctx, (signed, l) => appendRaw(signed, [signedContent(l), overrideContent(l)]).bytes),
  'mask-duplicate-xref-entries': (ctx) =>
    withLayout(ctx, (signed, l) => {
      const original = signedContent(l);
      const objects = [original, overrideContent(l)];
      const firstAt = appendRaw(signed, objects).offsets.get(original.num)!;
      const forgedAt = firstAt + objectBytes(original).length;
      return appendRaw(signed, objects, { extraRows: [[original.num, forgedAt]] }).bytes;
    }),
  'mask-swapped-xref-entries': (ctx) =>
    withLayout(ctx, (signed, l) => {
      const content = signedContent(l);
      const page = l.pages[l.pages.length - 1]!;
      const pageObj: RawObject = { num: page.ref.num, body: page.dict };
      const { offsets } = appendRaw(signed, [content, pageObj]);
      const swapped = new Map([[content.num, offsets.get(page.ref.num)!], [page.ref.num, offsets.get(content.num)!]]);
      return appendRaw(signed, [content, pageObj], { entryOverrides: swapped }).bytes;
    }),
  'mask-wrong-stream-length': (ctx) =>
    withLayout(ctx, (signed, l) => {
      const num = firstContentRef(l.pages[l.pages.length - 1]!).num;
      const body = `<</Length 12>>\nstream\n${forgedText(l.pages[l.pages.length - 1]!)}\nendstream`;
      return appendRaw(signed, [{ num, body }]).bytes;
    }),
  'mask-object-after-eof': (ctx) =>
    withLayout(ctx, (signed, l) => Buffer.concat([signed, objectBytes(overrideContent(l))])),
  'mask-object-before-header': (ctx) =>
    withLayout(ctx, (signed, l) => Buffer.concat([objectBytes(overrideContent(l)), signed])),
};
