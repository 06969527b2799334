import { PdfDict, PdfRef, PdfStream } from '../../../src/core/pdf/objects.js';
import { serializeValue } from '../../../src/core/pdf-write/serialize.js';
import { forgedText } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { contentStream, firstContentRef, layoutOf, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, objectBytes, type RawObject, type TailOptions } from '../lib/raw.js';

/**
 * Reader disagreement (docs/verifier-defences.md): a later revision that a strict reader accepts as harmless, but
 * that makes a lenient one repair the file. poppler, unable to resolve an object as written, rebuilds
 * its cross-reference table by scanning every line of the file, stream data included, and keeps the
 * last definition of each number: here the definition of the page's content object that the new
 * revision hides inside the data of an unreferenced stream.
 */
function carrier(l: SignedLayout): RawObject {
  const page = l.pages[l.pages.length - 1]!;
  const hidden = objectBytes({ num: firstContentRef(page).num, body: contentStream(forgedText(page)) });
  const data = Buffer.concat([Buffer.from('\n'), hidden]);
  return { num: l.file.size, body: new PdfStream(new PdfDict(new Map([['Length', data.length]])), data) };
}

/** The catalog written again unchanged, under the header generation `gen`. */
function catalogRewrite(l: SignedLayout, gen = 0): RawObject {
  return { num: l.rootNum, gen, body: serializeValue(l.catalog) };
}

async function withCarrier(ctx: AttackContext, more: (l: SignedLayout) => RawObject[], opts: (l: SignedLayout, objects: RawObject[], signed: Buffer) => TailOptions = () => ({})): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const objects = [carrier(l), ...more(l)];
  return appendRaw(signed, objects, opts(l, objects, signed)).bytes;
}

/** The catalog's xref row points at the carrier stream: the object there is another one. */
function offsetAtWrongObject(ctx: AttackContext): Promise<Buffer> {
  return withCarrier(ctx, (l) => [catalogRewrite(l)], (l, objects, signed) => {
    const carrierAt = appendRaw(signed, objects).offsets.get(objects[0]!.num)!;
    return { entryOverrides: new Map([[l.rootNum, carrierAt]]) };
  });
}

/** The trailer's /Root spelt `null`: readers fall back to scanning for a trailer that names one. */
async function rootNull(ctx: AttackContext): Promise<Buffer> {
  const text = (await withCarrier(ctx, () => [])).toString('latin1');
  const at = text.lastIndexOf('trailer');
  return Buffer.from(text.slice(0, at) + text.slice(at).replace(/\/Root \d+ \d+ R/, '/Root null'), 'latin1');
}

/** A second /Root in the trailer naming a forged catalog, page tree and page: readers taking the first key see it. */
async function rootTwice(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const page = l.pages[0]!;
  const [catalog, pages, pageNum, content] = [l.file.size, l.file.size + 1, l.file.size + 2, l.file.size + 3];
  const objects: RawObject[] = [
    { num: catalog, body: `<< /Type /Catalog /Pages ${pages} 0 R >>` },
    { num: pages, body: `<< /Type /Pages /Kids [${pageNum} 0 R] /Count 1 >>` },
    { num: pageNum, body: serializeValue(page.dict).toString('latin1').replace(/\/Contents (\[[^\]]*\]|\d+ \d+ R)/, `/Contents ${content} 0 R`).replace(/\/Parent \d+ \d+ R/, `/Parent ${pages} 0 R`) },
    { num: content, body: contentStream(forgedText(page)) },
  ];
  const text = appendRaw(signed, objects).bytes.toString('latin1');
  const at = text.lastIndexOf('trailer');
  return Buffer.from(text.slice(0, at) + text.slice(at).replace(/\/Root (\d+ \d+ R)/, `/Root ${catalog} 0 R /Root $1`), 'latin1');
}

/** The page written again with `/Contents` twice, the second `null`: our parser sees the signed page, poppler an empty one. */
async function contentsThenNull(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const page = l.pages[l.pages.length - 1]!;
  const body = serializeValue(page.dict).toString('latin1').replace(/\/Contents (\[[^\]]*\]|\d+ \d+ R)/, '/Contents $1 /Contents null');
  return appendRaw(signed, [{ num: page.ref.num, body }]).bytes;
}

/** A key given twice in an object the signer does not change (a font dictionary): signed as it is. */
async function duplicateInSignedRevision(ctx: AttackContext): Promise<Buffer> {
  const unsigned = await ctx.base('unsigned');
  const l = layoutOf(unsigned);
  const fonts = l.file.getDict(l.pages[0]!.resources!, 'Font')!;
  const font = [...fonts.map.values()][0] as PdfRef;
  const body = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  return ctx.sign(appendRaw(unsigned, [{ num: font.num, body }]).bytes);
}

export const readerDisagreementGenerators: Record<string, Generator> = {
  'repair-offset-at-wrong-object': offsetAtWrongObject,
  'repair-negative-generation': (ctx) => withCarrier(ctx, (l) => [catalogRewrite(l, -1)]),
  'repair-generation-mismatch': (ctx) => withCarrier(ctx, (l) => [catalogRewrite(l, 1)]),
  'repair-root-null': rootNull,
  'repair-hidden-in-new-stream': (ctx) => withCarrier(ctx, () => []),
  'dup-key-trailer-root-twice': rootTwice,
  'dup-key-contents-then-null': contentsThenNull,
  'dup-key-in-signed-revision': duplicateInSignedRevision,
};
