import { PdfDict, PdfRef, textString } from '../../../src/core/pdf/objects.js';
import type { AttackContext, Generator } from '../lib/context.js';
import { addToPageAndForm, signatureWidget } from '../lib/form-objects.js';
import { layoutOf, withKeys, type SignedLayout } from '../lib/inspect.js';
import { appendRaw, type RawObject } from '../lib/raw.js';

/**
 * Signature object games: a later revision rewrites, hides or reuses the signature's own objects, so a
 * validator that reads only the final field tree judges another signature, or none.
 */
async function revise(ctx: AttackContext, objects: (l: SignedLayout) => RawObject[], free?: (l: SignedLayout) => number[]): Promise<Buffer> {
  const signed = await ctx.base('plain');
  const l = layoutOf(signed);
  return appendRaw(signed, objects(l), free ? { free: free(l) } : {}).bytes;
}

const isField = (l: SignedLayout) => (x: unknown): boolean => x instanceof PdfRef && x.num === l.field!.num;

/** The holder of `key` rewritten without the signature field (the array object, or the holder itself). */
function without(l: SignedLayout, holderNum: number, holder: PdfDict, key: string): RawObject {
  const raw = holder.get(key);
  const list = l.file.resolve(raw);
  const kept = (Array.isArray(list) ? list : []).filter((x) => !isField(l)(x));
  return raw instanceof PdfRef ? { num: raw.num, body: kept } : { num: holderNum, body: withKeys(holder, { [key]: kept }) };
}

export const signatureObjectGenerators: Record<string, Generator> = {
  'sog-signature-dictionary-rewritten': (ctx) =>
    revise(ctx, (l) => [{ num: l.sig!.num, body: withKeys(l.sig!.dict, { Reason: textString('Approved by the director') }) }]),
  'sog-widget-removed': (ctx) =>
    revise(ctx, (l) => {
      const page = l.pages[l.pages.length - 1]!;
      return [without(l, page.ref.num, page.dict, 'Annots')];
    }),
  'sog-field-removed': (ctx) =>
    revise(ctx, (l) => {
      const formRef = l.catalog.get('AcroForm') as PdfRef;
      return [without(l, formRef.num, l.file.resolve(formRef) as PdfDict, 'Fields')];
    }),
  'sog-signature-dictionary-freed': (ctx) => revise(ctx, () => [], (l) => [l.sig!.num]),
  'sog-new-field-reuses-signed-value': (ctx) =>
    revise(ctx, (l) => {
      const num = l.file.size;
      return [{ num, body: signatureWidget(l, 'Reused', new PdfRef(l.sig!.num, 0)) }, ...addToPageAndForm(l, new PdfRef(num, 0))];
    }),
};
