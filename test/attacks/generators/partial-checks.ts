import { PdfDict, PdfRef, PdfStream, dict, name, textString } from '../../../src/core/pdf/objects.js';
import { FORGED_MARKER } from '../lib/content-change.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { addToPageAndForm } from '../lib/form-objects.js';
import { layoutOf, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';

/** More widgets than the analysis once looked at (it read the first 64 kids of a new field). */
const KIDS = 70;

/** A widget of `parent` on the last page; invisible unless it gets an appearance. */
function widget(l: SignedLayout, parent: number, extra: Record<string, PdfDict | number[] | PdfRef> = {}): PdfDict {
  const page = l.pages[l.pages.length - 1]!;
  const d = dict({ Type: name('Annot'), Subtype: name('Widget'), Parent: new PdfRef(parent, 0), P: page.ref, F: 4, Rect: [0, 0, 0, 0] });
  for (const [k, v] of Object.entries(extra)) d.set(k, v);
  return d;
}

/**
 * Partial checks (docs/verifier-defences.md): an unsigned signature field added after signing with many widget kids,
 * all harmless but the last, which paints the forged text over the page or carries a JavaScript action.
 */
async function manyKids(ctx: AttackContext, last: (l: SignedLayout, next: number) => { extra: Record<string, PdfDict | number[] | PdfRef>; objects: RawObject[] }): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  const field = l.file.size;
  const kids = Array.from({ length: KIDS }, (_, i) => field + 1 + i);
  const tail = last(l, field + 1 + KIDS);
  const objects: RawObject[] = [
    { num: field, body: dict({ FT: name('Sig'), T: textString('Approval'), Kids: kids.map((k) => new PdfRef(k, 0)) }) },
    ...kids.map((k, i): RawObject => ({ num: k, body: widget(l, field, i === KIDS - 1 ? tail.extra : {}) })),
    ...tail.objects,
  ];
  // The field goes into /Fields; every widget into the page's /Annots.
  const form = addToPageAndForm(l, new PdfRef(field, 0), { annots: false });
  let annotsHolder = addToPageAndForm(l, new PdfRef(kids[0]!, 0), { fields: false })[0]!;
  for (const k of kids.slice(1)) annotsHolder = appendItem(annotsHolder, new PdfRef(k, 0));
  return appendRaw(signed, [...objects, ...form, annotsHolder]).bytes;
}

/** Adds one more entry to the /Annots array a RawObject of addToPageAndForm holds. */
function appendItem(holder: RawObject, item: PdfRef): RawObject {
  const body = holder.body;
  if (Array.isArray(body)) return { num: holder.num, body: [...body, item] };
  const d = body as PdfDict;
  const copy = new PdfDict(new Map(d.map));
  copy.set('Annots', [...(d.get('Annots') as PdfRef[]), item]);
  return { num: holder.num, body: copy };
}

const drawsForgedText = (l: SignedLayout, appearance: number): { extra: Record<string, PdfDict | number[]>; objects: RawObject[] } => {
  const fonts = l.pages[l.pages.length - 1]!.resources?.get('Font');
  const font = fonts instanceof PdfDict ? fonts.get([...fonts.map.keys()][0]!) : undefined;
  const resources = font ? dict({ Font: dict({ F0: font }) }) : new PdfDict();
  const stream = new PdfStream(
    dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 500, 60], Resources: resources }),
    Buffer.from(`1 1 1 rg 0 0 500 60 re f 0 0 0 rg BT /F0 24 Tf 5 20 Td (${FORGED_MARKER}) Tj ET`, 'latin1'),
  );
  return { extra: { Rect: [40, 700, 540, 760], AP: dict({ N: new PdfRef(appearance, 0) }) }, objects: [{ num: appearance, body: stream }] };
};

export const partialCheckGenerators: Record<string, Generator> = {
  'partial-widget-kid-draws': (ctx) => manyKids(ctx, drawsForgedText),
  'partial-widget-kid-has-action': (ctx) =>
    manyKids(ctx, (_l, js) => ({ extra: { A: new PdfRef(js, 0) }, objects: [{ num: js, body: dict({ S: name('JavaScript'), JS: textString('app.alert(1)') }) }] })),
};
