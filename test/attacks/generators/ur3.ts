import { dict } from '../../../src/core/pdf/objects.js';
import type { AttackContext, BaseName, Generator } from '../lib/context.js';
import { appendForgedSignature } from '../lib/forge-signature.js';
import { withKeys } from '../lib/inspect.js';

/**
 * ISO 32000-1 §12.8.2.3: a usage-rights signature (/Perms /UR3) grants viewer features; it signs no
 * document content a reader is shown as signed, so it must not count as the document's signature.
 */
const UR3_REFERENCE = '/Reference [<</Type /SigRef /TransformMethod /UR3 /TransformParams <</Type /TransformParams /V /2.2 /Document [/FullSave]>>>>]';

async function ur3(ctx: AttackContext, base: BaseName): Promise<Buffer> {
  return appendForgedSignature(await ctx.base(base), {
    identity: ctx.kit.departments.get('demo')!.identity,
    sigExtra: UR3_REFERENCE,
    referencedBy: (l, sigRef) => [{ num: l.rootNum, body: withKeys(l.catalog, { Perms: dict({ UR3: sigRef }) }) }],
  });
}

export const ur3Generators: Record<string, Generator> = {
  'ur3-only-signature': (ctx) => ur3(ctx, 'unsigned'),
  'ur3-added-after-signature': (ctx) => ur3(ctx, 'plain'),
};
